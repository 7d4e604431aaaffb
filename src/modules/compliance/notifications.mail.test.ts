import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { as } from '../../test/admin-client.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { jobsFor, runDueJobs } from '../jobs/jobs.ts';
import { setState } from './compliance.repo.ts';
import { createMailer } from './notifications.mail.ts';

const t = useTestWorld();

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free local port, in this process, keeping what it receives. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    received,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const smtpConfig = (port: number) =>
  loadConfig({
    NODE_ENV: 'test',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Gerbang Dukcapil <gerbang@dukcapil.example>',
  });

const servers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => {});
});

describe('notifications by e-mail', () => {
  it('needs MAIL_FROM with SMTP_URL, and reads both', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://x', MAIL_FROM: 'a@b.example' })).toThrow(/SMTP_URL/);
    expect(smtpConfig(2525).mail).toEqual({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'Gerbang Dukcapil <gerbang@dukcapil.example>',
    });
    expect(loadConfig({}).mail).toBeNull();
  });

  it('e-mails each notification to the people with an address, once; in-app notifications stay', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const mailer = (await createMailer(smtpConfig(smtp.port)))!;
    const mailJob = jobsFor(mailer).filter((j) => j.name === 'notification-email');
    expect(mailJob).toHaveLength(1);

    // The head gets an address (the admin and the officers have none).
    const office = await as(t.app, t.world.provinceOfficer.username);
    const set = await office.patch(`/v1/accounts/${t.world.head.id}`, {
      email: 'Kepala.BPBD@instansi.example',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().email).toBe('kepala.bpbd@instansi.example');
    expect(
      (await office.patch(`/v1/accounts/${t.world.head.id}`, { email: 'bukan-alamat' })).statusCode,
    ).toBe(400);

    // A suspended institution of the world's province, reinstated by its office: a notification to the people.
    const inst = await insertInstitution(t.db, {
      code: 'MAIL_UJI',
      name: 'Instansi Uji Surel',
      officeId: t.world.province.id,
      allowedNetworks: [],
      isActive: false,
    });
    await t.db.query(`UPDATE user_accounts SET institution_id = $1 WHERE id = $2`, [
      inst.id,
      t.world.head.id,
    ]);
    await setState(t.db, {
      institutionId: inst.id,
      from: 'warned',
      to: 'suspended',
      reason: 'Uji surel',
      findings: [],
      actorId: null,
      now: new Date(),
    });
    const reinstated = await office.post(`/v1/institutions/${inst.id}/compliance/reinstate`, {
      reason: 'Laporan semester telah diterima',
    });
    expect(reinstated.statusCode, reinstated.body).toBe(200);

    const now = new Date();
    const [run] = await runDueJobs(t.db, now, mailJob);
    expect(run).toMatchObject({ job: 'notification-email', ok: true, result: { sent: 1, failed: 0 } });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('gerbang@dukcapil.example');
    expect(mail.to).toEqual(['kepala.bpbd@instansi.example']);
    expect(mail.raw).toContain('Subject: [Gerbang] Akses dipulihkan: Instansi Uji Surel');
    expect(mail.raw).toContain('Laporan semester telah diterima');

    // Nothing is sent twice, whoever runs the job again.
    await mailJob[0]!.handler(t.db, new Date(now.getTime() + 60_000));
    expect(smtp.received).toHaveLength(1);
    // The in-app notification is there as before, for everyone.
    const head = await as(t.app, t.world.head.username);
    const inApp = await head.get('/v1/notifications');
    expect(inApp.json().items[0]).toMatchObject({ subject: 'Akses dipulihkan: Instansi Uji Surel' });
    const { rows } = await t.db.query<{ status: string; n: number }>(
      `SELECT email_status AS status, count(*)::int AS n FROM notifications GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { status: 'none', n: expect.any(Number) },
      { status: 'sent', n: 1 },
    ]);
    mailer.close();
    await t.db.query(`UPDATE user_accounts SET institution_id = $1 WHERE id = $2`, [
      t.world.institution.id,
      t.world.head.id,
    ]);
  });

  it('keeps a notification pending while the SMTP server is down, and sends it when it is back', async () => {
    const down = await startSmtp();
    await down.close();
    const broken = (await createMailer(smtpConfig(down.port)))!;
    await t.db.query(
      `INSERT INTO notifications (account_id, at, subject, body, email_status)
       VALUES ($1, $2, 'Pemberitahuan PKS', 'PKS berakhir 2026-12-31', 'pending')`,
      [t.world.head.id, new Date().toISOString()],
    );
    const job = (m: typeof broken) => jobsFor(m).find((j) => j.name === 'notification-email')!;
    expect(await job(broken).handler(t.db, new Date())).toEqual({ sent: 0, failed: 1, skipped: 0 });
    const { rows } = await t.db.query<{ status: string; attempts: number }>(
      `SELECT email_status AS status, email_attempts AS attempts FROM notifications ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ status: 'pending', attempts: 1 });
    broken.close();

    const up = await startSmtp();
    servers.push(up);
    const mailer = (await createMailer(smtpConfig(up.port)))!;
    expect(await job(mailer).handler(t.db, new Date())).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(up.received[0]!.raw).toContain('PKS berakhir 2026-12-31');
    mailer.close();
  });
});
