import type { Db } from '../db/db.ts';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import { insertAgreement, type Agreement } from '../modules/agreements/agreements.repo.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import type { CardReader, SamCard, WorkUnit } from '../modules/card-readers/card-readers.repo.ts';
import {
  activateSam,
  deactivateSam,
  personaliseSam,
  recordSifilmaAnswer,
  requestSam,
  uploadSamConfig,
} from '../modules/card-readers/sams.service.ts';
import { registerReader, registerWorkUnit } from '../modules/card-readers/work-units.service.ts';
import { insertInstitution, type Institution } from '../modules/institutions/institutions.repo.ts';
import { agreementFor, addOperator, type World } from './fixtures.ts';

export interface CardReaderWorld {
  institution: Institution;
  agreement: Agreement;
  operator: Account;
  unit: WorkUnit;
  reader: CardReader;
  sam: SamCard;
  /** The SAM's private key (PKCS#8 PEM), as loaded into the card at personalisation. */
  privateKeyPem: string;
}

let n = 0;
/**
 * An institution whose agreement grants the card-reader method, with an operator, a work unit, a reader and
 * an activated SAM (through the same services the routes call, acting as the server's operator).
 */
export async function seedCardReaderWorld(
  db: Db,
  officeId: string,
  over: { methods?: Agreement['methods']; activate?: boolean } = {},
): Promise<CardReaderWorld> {
  n += 1;
  const now = new Date();
  const opts = { actor: SERVER_ACTOR, now };
  const institution = await insertInstitution(db, {
    code: `CR_${n}_${Math.random().toString(36).slice(2, 7).toUpperCase()}`,
    name: `Lembaga Card Reader ${n}`,
    officeId,
    allowedNetworks: ['127.0.0.0/8'],
  });
  const agreement = await insertAgreement(
    db,
    agreementFor(institution, {
      methods: over.methods ?? ['card_reader'],
      registryNumber: `470/CR/${n}/2026`,
    }),
  );
  const operator = await addOperator(db, institution);
  const unit = await registerWorkUnit({ db, now: opts.now }, opts.actor, {
    institutionId: institution.id,
    name: 'Kantor Pelayanan Utama',
    address: 'Jl. Sintetis No. 7',
    regionCode: '33.01',
  });
  const reader = await registerReader({ db, now: opts.now }, opts.actor, {
    workUnitId: unit.id,
    serial: `RDR-${institution.code}`,
    vendor: 'Vendor Sintetis',
    model: 'KTP-R1',
    procuredOn: '2026-02-01',
  });
  let sam = await requestSam({ db, now: opts.now }, opts.actor, reader.id);
  sam = await recordSifilmaAnswer({ db, now: opts.now }, opts.actor, {
    id: sam.id,
    accepted: true,
    reference: `SIF-${n}`,
  });
  const personalised = await personaliseSam({ db, now: opts.now }, opts.actor, { id: sam.id });
  sam = personalised.sam;
  if (over.activate !== false) sam = await activateSam({ db, now: opts.now }, opts.actor, sam.id);
  return {
    institution,
    agreement,
    operator,
    unit,
    reader,
    sam,
    privateKeyPem: personalised.privateKeyPem!,
  };
}

/** A SAM for `readerId` walked through the machine up to `state` (as the server's operator). */
export async function samInState(
  db: Db,
  readerId: string,
  state: 'requested' | 'accepted' | 'personalised' | 'activated' | 'deactivated' | 'config_returned',
): Promise<{ sam: SamCard; privateKeyPem: string | null }> {
  const opts = { actor: SERVER_ACTOR, now: new Date() };
  const order = ['requested', 'accepted', 'personalised', 'activated', 'deactivated', 'config_returned'];
  const upTo = (s: string) => order.indexOf(s) <= order.indexOf(state);
  let sam = await requestSam({ db, now: opts.now }, opts.actor, readerId);
  let privateKeyPem: string | null = null;
  if (upTo('accepted')) {
    sam = await recordSifilmaAnswer({ db, now: opts.now }, opts.actor, {
      id: sam.id,
      accepted: true,
      reference: `SIF-${sam.id}`,
    });
  }
  if (upTo('personalised'))
    ({ sam, privateKeyPem } = await personaliseSam({ db, now: opts.now }, opts.actor, { id: sam.id }));
  // A SAM is deactivated from `personalised` when its agreement grants no card reader (BPBD in the tests).
  if (upTo('activated') && state !== 'deactivated' && state !== 'config_returned') {
    sam = await activateSam({ db, now: opts.now }, opts.actor, sam.id);
  }
  if (upTo('deactivated'))
    sam = await deactivateSam({ db, now: opts.now }, opts.actor, { id: sam.id, reason: 'Uji' });
  if (upTo('config_returned')) {
    sam = await uploadSamConfig({ db, now: opts.now }, opts.actor, {
      id: sam.id,
      filename: 'sam.cfg',
      base64: Buffer.from('SAM-CONFIG').toString('base64'),
    });
  }
  return { sam, privateKeyPem };
}

/** Registers one more reader in a unit (a unique serial). */
export function addReader(db: Db, unitId: string): Promise<CardReader> {
  n += 1;
  return registerReader({ db, now: new Date() }, SERVER_ACTOR, {
    workUnitId: unitId,
    serial: `RDR-X-${n}-${Math.random().toString(36).slice(2, 8)}`,
    vendor: 'Vendor',
    model: 'M1',
    procuredOn: '2026-02-01',
  });
}

/**
 * The card-reader resources of the security suite: `own` ones of BPBD Jawa Tengah (in the limited roles'
 * scope) and `other` ones of a card-reader institution under the central office (outside it), one per state
 * a route needs, and a card-reader operator with an active SAM for `POST /v1/card-reads`.
 */
export async function seedSecurityCardReaders(db: Db, world: World) {
  const now = new Date();
  const opts = { actor: SERVER_ACTOR, now };
  const cr = await seedCardReaderWorld(db, world.central.id);
  const ownUnit = await registerWorkUnit({ db, now: opts.now }, opts.actor, {
    institutionId: world.institution.id,
    name: 'UPT Keamanan',
    address: 'Jl. Uji 1',
    regionCode: '33',
  });
  const ownReturned = await samInState(db, (await addReader(db, ownUnit.id)).id, 'config_returned');
  const other = async (state: Parameters<typeof samInState>[2]) =>
    (await samInState(db, (await addReader(db, cr.unit.id)).id, state)).sam.id;
  return {
    world: cr,
    institution: { own: world.institution.id, other: cr.institution.id },
    unit: { own: ownUnit.id, other: cr.unit.id },
    freeReader: { own: (await addReader(db, ownUnit.id)).id, other: (await addReader(db, cr.unit.id)).id },
    requested: { own: ownReturned.sam.id, other: await other('requested') },
    accepted: { own: ownReturned.sam.id, other: await other('accepted') },
    personalised: { own: ownReturned.sam.id, other: await other('personalised') },
    activated: { own: ownReturned.sam.id, other: await other('activated') },
    deactivated: { own: ownReturned.sam.id, other: await other('deactivated') },
    returned: { own: ownReturned.sam.id, other: await other('config_returned') },
  };
}
