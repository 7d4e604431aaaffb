import type { Db } from '../../db/db.ts';
import { syntheticEmail } from './resident.delivery.ts';

/** Gives residents the registry's (synthetic) e-mail contact, `warga.….@warga.example`; existing ones kept. */
export async function addSyntheticContacts(db: Db, niks: readonly string[]): Promise<number> {
  if (niks.length === 0) return 0;
  const { rows } = await db.query<{ nik: string }>(
    `INSERT INTO resident_contacts (nik, email)
     SELECT n, e FROM unnest($1::text[], $2::text[]) AS u(n, e)
     ON CONFLICT (nik) DO NOTHING RETURNING nik`,
    [niks, niks.map(syntheticEmail)],
  );
  return rows.length;
}
