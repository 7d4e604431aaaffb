import type { Db } from '../db/db.ts';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import { insertAgreement, type Agreement } from '../modules/agreements/agreements.repo.ts';
import { SERVER_ACTOR } from '../modules/auth/actor.ts';
import type { CardReader, SamCard, WorkUnit } from '../modules/card-readers/card-readers.repo.ts';
import {
  activateSam,
  personaliseSam,
  recordSifilmaAnswer,
  requestSam,
} from '../modules/card-readers/sams.service.ts';
import { registerReader, registerWorkUnit } from '../modules/card-readers/work-units.service.ts';
import { insertInstitution, type Institution } from '../modules/institutions/institutions.repo.ts';
import { agreementFor, addOperator } from './fixtures.ts';

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
  const unit = await registerWorkUnit(
    db,
    institution.id,
    { name: 'Kantor Pelayanan Utama', address: 'Jl. Sintetis No. 7', regionCode: '33.01' },
    opts,
  );
  const reader = await registerReader(
    db,
    unit.id,
    {
      serial: `RDR-${institution.code}`,
      vendor: 'Vendor Sintetis',
      model: 'KTP-R1',
      procuredOn: '2026-02-01',
    },
    opts,
  );
  let sam = await requestSam(db, reader.id, opts);
  sam = await recordSifilmaAnswer(db, sam.id, { accepted: true, reference: `SIF-${n}` }, opts);
  const personalised = await personaliseSam(db, sam.id, {}, opts);
  sam = personalised.sam;
  if (over.activate !== false) sam = await activateSam(db, sam.id, opts);
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
