import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';

/** One e-mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail; `close` ends its connections. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** An SMTP mailer (nodemailer) for `SMTP_URL` and `MAIL_FROM`; null when SMTP is not configured. */
export async function createMailer(config: Pick<Config, 'mail'>): Promise<Mailer | null> {
  if (!config.mail) return null;
  const { default: nodemailer } = await import('nodemailer');
  const { from } = config.mail;
  const transport = nodemailer.createTransport(config.mail.smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}

/** Pending notifications older than this are not e-mailed any more (e.g. written before SMTP was set up). */
const MAX_AGE_MS = 3 * 86_400_000;
/** Attempts per notification before it is marked failed. */
const MAX_ATTEMPTS = 5;

const FOOTER =
  '\n\n--\nPesan ini dikirim otomatis oleh Gerbang. Lihat notifikasi lengkap di portal; jangan membalas e-mail ini.';

/** A claim older than this is taken to be of a sender that died; the notification is tried again. */
const CLAIM_MS = 5 * 60_000;

/**
 * E-mails the pending notifications (of accounts that had an address when they were written) through `mailer`,
 * at most `batch` per call. One short statement claims them (`FOR UPDATE SKIP LOCKED`, so two processes never
 * take the same one); they are sent outside any transaction (SMTP never holds the database), then marked. A
 * send that fails is retried on a later run, up to MAX_ATTEMPTS, then marked failed.
 */
export async function sendPendingEmails(
  db: Db,
  mailer: Mailer,
  opts: { now: Date; batch?: number },
): Promise<{ sent: number; failed: number; skipped: number }> {
  const now = opts.now.toISOString();
  const { rows: stale } = await db.query<{ id: number }>(
    `UPDATE notifications SET email_status = 'none' WHERE email_status = 'pending' AND at < $1 RETURNING id`,
    [new Date(opts.now.getTime() - MAX_AGE_MS).toISOString()],
  );
  const { rows } = await db.query<{
    id: number;
    subject: string;
    body: string;
    email: string | null;
    attempts: number;
  }>(
    `UPDATE notifications n SET email_claimed_at = $1, email_attempts = n.email_attempts + 1
       FROM user_accounts u
      WHERE u.id = n.account_id
        AND n.id IN (SELECT id FROM notifications
                      WHERE email_status = 'pending' AND (email_claimed_at IS NULL OR email_claimed_at < $2)
                      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.subject, n.body, u.email, n.email_attempts AS attempts`,
    [now, new Date(opts.now.getTime() - CLAIM_MS).toISOString(), opts.batch ?? 100],
  );
  const counts = { sent: 0, failed: 0, skipped: stale.length };
  for (const n of rows.sort((a, b) => a.id - b.id)) {
    let status: 'sent' | 'failed' | 'pending' = 'sent';
    if (!n.email) status = 'failed';
    else {
      try {
        await mailer.send({ to: n.email, subject: `[Gerbang] ${n.subject}`, text: n.body + FOOTER });
      } catch {
        // The cause may quote the address; it is not logged. The run's result counts the failure.
        status = n.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
      }
    }
    await db.query(
      `UPDATE notifications SET email_status = $2, email_claimed_at = NULL,
              emailed_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz ELSE emailed_at END
        WHERE id = $1`,
      [n.id, status, now],
    );
    if (status === 'sent') counts.sent += 1;
    else counts.failed += 1;
  }
  return counts;
}
