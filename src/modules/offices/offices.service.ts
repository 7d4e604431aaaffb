import type { ServiceContext } from '../../core/service-context.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import { loadRegionDataset } from '../regions/regions.dataset.ts';
import { findOfficeByRegion, getOffice, insertOffice, type Office } from './offices.repo.ts';
import { createOfficeBody, type CreateOfficeInput } from './offices.schema.ts';

/** Creates an office; its region code must exist at the level it claims (a kota is a city, a kabupaten a regency). */
export async function createOffice(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateOfficeInput,
): Promise<Office> {
  const { db, now } = ctx;
  const o = createOfficeBody.parse(input);
  const insert = (row: Parameters<typeof insertOffice>[1]) =>
    db.transaction(async (tx) => {
      const created = await insertOffice(tx, row);
      await recordAdminChange({ db: tx, now }, actor, {
        action: 'office.create',
        entityType: 'office',
        entityId: created.id,
        officeId: created.id,
        after: created,
      });
      return created;
    });
  if (o.level === 'central') {
    if (o.regionCode !== null) throw ApiError.of('OFFICE_CENTRAL_REGION');
    if (await findOfficeByRegion(db, null)) throw ApiError.of('OFFICE_CENTRAL_EXISTS');
    return insert({ level: 'central', regionCode: null, name: o.name, parentId: null });
  }
  const region = o.regionCode ? loadRegionDataset().byCode.get(o.regionCode) : undefined;
  const wantLevel = o.level === 'province' ? 'province' : 'regency';
  if (!region || region.level !== wantLevel) {
    throw ApiError.of(
      'OFFICE_REGION_UNKNOWN',
      `Region code is not an existing ${o.level === 'province' ? 'province' : 'regency/city'}`,
    );
  }
  if (o.level !== 'province' && (o.level === 'city') !== region.name.startsWith('KOTA ')) {
    throw ApiError.of(
      'OFFICE_REGION_LEVEL',
      `${region.name} is a ${o.level === 'city' ? 'regency' : 'city'}, not a ${o.level}`,
    );
  }
  if (await findOfficeByRegion(db, region.code)) throw ApiError.of('OFFICE_REGION_TAKEN');
  let parentId = o.parentId ?? null;
  if (parentId) {
    const parent = await getOffice(db, parentId);
    if (!parent) throw ApiError.of('OFFICE_PARENT_UNKNOWN');
    // An office oversees only offices inside its own region (the central office oversees all).
    if (parent.regionCode !== null && !region.code.startsWith(parent.regionCode)) {
      throw ApiError.of('OFFICE_PARENT_OUTSIDE');
    }
  } else {
    const above = o.level === 'province' ? null : await findOfficeByRegion(db, region.parentCode);
    parentId = (above ?? (await findOfficeByRegion(db, null)))?.id ?? null;
    if (!parentId) throw ApiError.of('OFFICE_CENTRAL_FIRST');
  }
  return insert({ level: o.level, regionCode: region.code, name: o.name, parentId });
}
