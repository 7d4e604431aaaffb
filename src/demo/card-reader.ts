import type { Db } from '../db/db.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import {
  activateSam,
  personaliseSam,
  recordSifilmaAnswer,
  requestSam,
} from '../modules/card-readers/sams.service.ts';
import { demoSamKeyPair } from '../modules/card-readers/card-reads.signing.ts';
import { registerReader, registerWorkUnit } from '../modules/card-readers/work-units.service.ts';

/**
 * The demo's card reader: Dinas Sosial Kota Semarang (its agreement grants the card-reader method) has a work
 * unit with a reader whose SAM went through SIFILMA, was personalised with the demo's published key
 * (`demoSamKeyPair`) and activated, so that `gerbang reader simulate --demo-key` can act as the reader.
 */
export async function seedDemoCardReader(db: Db, now: Date) {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM institutions WHERE code = 'DINSOS_SEMARANG'`,
  );
  const inst = rows[0];
  if (!inst) return null;
  const opts = { actor: SERVER_ACTOR, now };
  const unit = await registerWorkUnit({ db, now: opts.now }, opts.actor, {
    institutionId: inst.id,
    name: 'Unit Layanan Bansos Semarang Tengah',
    address: 'Jl. Contoh Sintetis No. 12, Semarang',
    regionCode: '33.74',
  });
  const reader = await registerReader({ db, now: opts.now }, opts.actor, {
    workUnitId: unit.id,
    serial: 'RDR-DINSOS-001',
    vendor: 'Vendor Sintetis',
    model: 'KTP-R1',
    procuredOn: now.toISOString().slice(0, 10),
  });
  const requested = await requestSam({ db, now: opts.now }, opts.actor, reader.id);
  await recordSifilmaAnswer({ db, now: opts.now }, opts.actor, {
    id: requested.id,
    accepted: true,
    reference: 'SIFILMA/DEMO/001',
  });
  await personaliseSam({ db, now: opts.now }, opts.actor, {
    id: requested.id,
    publicKey: demoSamKeyPair().publicKey,
  });
  const sam = await activateSam({ db, now: opts.now }, opts.actor, requested.id);
  return { samId: sam.id, serial: reader.serial };
}
