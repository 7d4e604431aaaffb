import type { ServiceContext } from '../../core/service-context.ts';
import { z } from 'zod';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  getWorkUnit,
  insertReader,
  insertWorkUnit,
  listReaders,
  listWorkUnits,
  type CardReader,
  type WorkUnit,
} from './card-readers.repo.ts';

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .regex(/^[^\r\n]*$/, 'One line');

export const workUnitInput = z.object({
  name: line(200),
  address: line(500),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$/, 'A region code: 33, 33.01, 33.01.01 or 33.01.01.2001')
    .transform((c) => c.replaceAll('.', ''))
    .describe('The region of the unit (province, regency, district or village code)'),
});
export type WorkUnitInput = z.input<typeof workUnitInput>;

export const readerInput = z.object({
  serial: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, 'A serial of 3–64 letters, digits, dots, dashes or underscores'),
  vendor: line(120),
  model: line(120),
  procuredOn: z.iso.date().describe('Procurement date, YYYY-MM-DD'),
});
export type ReaderInput = z.input<typeof readerInput>;

export async function registerWorkUnit(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, ...input }: { institutionId: string } & WorkUnitInput,
): Promise<WorkUnit> {
  const { db, now } = ctx;
  const u = workUnitInput.parse(input);
  return db.transaction(async (tx) => {
    const inst = await loadInstitution(tx, institutionId, actor.scope);
    const region = await tx.query(`SELECT 1 FROM regions WHERE code = $1`, [u.regionCode]);
    if (region.rows.length === 0) {
      throw ApiError.of('WORK_UNIT_REGION_UNKNOWN', 'Unknown region code', [
        { path: '/regionCode', message: 'No such region' },
      ]);
    }
    const unit = await insertWorkUnit(tx, { institutionId: inst.id, ...u, now });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'work_unit.create',
      entityType: 'work_unit',
      entityId: unit.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: unit,
    });
    return unit;
  });
}

export async function registerReader(
  ctx: ServiceContext,
  actor: Actor,
  { workUnitId, ...input }: { workUnitId: string } & ReaderInput,
): Promise<CardReader> {
  const { db, now } = ctx;
  const r = readerInput.parse(input);
  if (r.procuredOn > now.toISOString().slice(0, 10)) {
    throw ApiError.of('READER_PROCURED_IN_FUTURE', 'The procurement date is in the future', [
      { path: '/procuredOn', message: 'Not after today' },
    ]);
  }
  return db.transaction(async (tx) => {
    const unit = await getWorkUnit(tx, workUnitId);
    if (!unit) throw ApiError.of('NOT_FOUND', 'Work unit not found');
    const inst = await loadInstitution(tx, unit.institutionId, actor.scope).catch(() => {
      throw ApiError.of('NOT_FOUND', 'Work unit not found');
    });
    const taken = await tx.query(`SELECT 1 FROM card_readers WHERE serial = $1`, [r.serial]);
    if (taken.rows.length > 0) throw ApiError.of('READER_SERIAL_TAKEN');
    const reader = await insertReader(tx, { institutionId: inst.id, workUnitId: unit.id, ...r, now });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'card_reader.register',
      entityType: 'card_reader',
      entityId: reader.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: reader,
    });
    return reader;
  });
}

/** An institution's work units, each with its readers. */
export async function findWorkUnits(
  ctx: ServiceContext,
  actor: Actor,
  institutionId: string,
): Promise<(WorkUnit & { readers: CardReader[] })[]> {
  const { db } = ctx;
  const inst = await loadInstitution(db, institutionId, actor.scope);
  const [units, readers] = await Promise.all([listWorkUnits(db, inst.id), listReaders(db, inst.id)]);
  return units.map((u) => ({ ...u, readers: readers.filter((r) => r.workUnitId === u.id) }));
}
