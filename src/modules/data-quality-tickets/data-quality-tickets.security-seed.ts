import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import { insertEvent, insertTicket } from './data-quality-tickets.repo.ts';

/**
 * For the cross-cutting suites: one open ticket of each side, written straight to the store (the suites need a
 * resource to name, not the routing, which data-quality-tickets.test.ts proves): `own` opened by BPBD and owned
 * by the province office, `other` opened by BANK_X and owned by the central office (outside the province's area).
 */
export async function seedDataQualityTickets(
  db: Db,
  sides: Record<
    'own' | 'other',
    { institutionId: string; owningOfficeId: string; openedBy: string; nik: string }
  >,
): Promise<{ own: string; other: string }> {
  const now = new Date();
  const one = async (s: (typeof sides)['own']) => {
    const id = newId('dqt');
    await insertTicket(db, {
      id,
      ...s,
      sourceKind: 'verification',
      requestId: `req_seed_${id}`,
      agreementId: null,
      period: null,
      description: 'Tiket uji keamanan: nama tidak sesuai',
      deadline: '2099-12-31',
      now,
    });
    await insertEvent(db, { ticketId: id, actorId: s.openedBy, from: null, to: 'open', note: null, now });
    return id;
  };
  return { own: await one(sides.own), other: await one(sides.other) };
}
