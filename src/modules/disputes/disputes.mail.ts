import type { Db } from '../../db/db.ts';
import type { Mailer } from '../compliance/notifications.mail.ts';

const MAX_ATTEMPTS = 5;

/**
 * E-mails the residents' pending dispute messages to the contact the registry holds (resident_contacts) at
 * send time, at most `batch` per call (the `dispute-resident-email` job, with SMTP configured). Claimed with
 * `FOR UPDATE SKIP LOCKED` so two processes never send one twice; sent outside any transaction; a resident
 * without an e-mail contact has the message marked failed (they read it in the portal).
 */
export async function sendDisputeResidentMail(
  db: Db,
  mailer: Mailer,
  opts: { now: Date; batch?: number },
): Promise<{ sent: number; failed: number }> {
  const { rows } = await db.query<{
    id: number;
    subject: string;
    body: string;
    email: string | null;
    attempts: number;
  }>(
    `UPDATE dispute_resident_mail m SET attempts = m.attempts + 1
       FROM disputes d LEFT JOIN resident_contacts c ON c.nik = d.nik
      WHERE d.id = m.dispute_id
        AND m.id IN (SELECT id FROM dispute_resident_mail WHERE status = 'pending'
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.subject, m.body, c.email, m.attempts`,
    [opts.batch ?? 100],
  );
  const counts = { sent: 0, failed: 0 };
  for (const m of rows.sort((a, b) => a.id - b.id)) {
    let status: 'sent' | 'failed' | 'pending' = 'sent';
    if (!m.email) status = 'failed';
    else {
      try {
        await mailer.send({ to: m.email, subject: `[Gerbang] ${m.subject}`, text: m.body });
      } catch {
        // The cause may quote the address; not logged. Retried on a later run.
        status = m.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
      }
    }
    await db.query(
      `UPDATE dispute_resident_mail SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz END
        WHERE id = $1`,
      [m.id, status, opts.now.toISOString()],
    );
    if (status === 'sent') counts.sent += 1;
    else counts.failed += 1;
  }
  return counts;
}
