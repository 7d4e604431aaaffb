import type { Db } from '../../db/db.ts';
import { wibDay, type Clock } from '../../lib/time.ts';
import { runAgreementExpiry } from '../agreements/agreements.lifecycle.ts';
import { runCompliance } from '../compliance/compliance.service.ts';
// Registers the return-data check with the compliance engine.
import '../return-data/return-data.coverage.ts';
import { sendPendingEmails, type Mailer } from '../compliance/notifications.mail.ts';
import { runReportReminders } from '../reports/reports.reminders.ts';
import { runDisputeDeadlines } from '../disputes/disputes.service.ts';
import { sendDisputeResidentMail } from '../disputes/disputes.mail.ts';
import { rollUpAudit } from '../reports/reports.rollup.ts';
import { runTicketOverdue } from '../data-quality-tickets/data-quality-tickets.overdue.ts';
import { claimRun, finishRun } from './jobs.repo.ts';

/**
 * A scheduled job: a name, the run key of the run due at a moment (a daily job's key is the WIB day, so it
 * runs once a day however many processes tick), and an idempotent handler.
 */
export interface JobDefinition {
  name: string;
  runKey: (now: Date) => string;
  handler: (db: Db, now: Date) => Promise<unknown>;
}

const daily = (now: Date) => wibDay(now);

/** A run key per five minutes (UTC), for jobs that follow others closely. */
const everyFiveMinutes = (now: Date) =>
  `${now.toISOString().slice(0, 14)}${String(Math.floor(now.getUTCMinutes() / 5) * 5).padStart(2, '0')}`;

export const JOBS: JobDefinition[] = [
  { name: 'agreement-expiry', runKey: daily, handler: (db, now) => runAgreementExpiry(db, now) },
  // Obligations, warnings, suspensions and notifications; after expiry, so it sees today's agreements.
  { name: 'compliance', runKey: daily, handler: (db, now) => runCompliance(db, now) },
  // Reminders before the semester report's deadline (in-app; e-mailed by notification-email).
  { name: 'semester-report-reminders', runKey: daily, handler: (db, now) => runReportReminders(db, now) },
  // Dispute deadlines pass at a WIB midnight: the first tick of the day records them (before compliance
  // reads them the next day).
  { name: 'dispute-deadlines', runKey: daily, handler: (db, now) => runDisputeDeadlines(db, now) },
  // The audit's roll-ups (the registry's summary, the semester report's groups and distinct NIKs): every five
  // minutes, so the live tail every read adds stays at a few minutes of traffic (its cost is the reads' main
  // one). A run holds a SHARE lock on access_audit only for one max(id) read (reports.rollup.ts).
  {
    name: 'audit-rollup',
    runKey: everyFiveMinutes,
    handler: (db, now) => rollUpAudit(db, now),
  },
  // Data-quality tickets past their deadline: the owning office and the office above it are told once.
  { name: 'data-quality-ticket-overdue', runKey: daily, handler: (db, now) => runTicketOverdue(db, now) },
];

/**
 * The jobs of a process: the daily ones, and with SMTP configured the e-mailing of pending notifications
 * (after the compliance job, so its notifications go out in the same tick).
 */
export function jobsFor(mailer: Mailer | null): JobDefinition[] {
  if (!mailer) return JOBS;
  return [
    ...JOBS,
    {
      name: 'notification-email',
      runKey: everyFiveMinutes,
      handler: (db, now) => sendPendingEmails(db, mailer, { now }),
    },
    {
      name: 'dispute-resident-email',
      runKey: everyFiveMinutes,
      handler: (db, now) => sendDisputeResidentMail(db, mailer, { now }),
    },
  ];
}

/** A run may hold its claim this long before another process may take it over. */
const LEASE_MS = 10 * 60_000;

/** Runs every job whose current run has not been done yet; returns what ran. */
export async function runDueJobs(
  db: Db,
  now: Date,
  jobs: JobDefinition[] = JOBS,
): Promise<{ job: string; runKey: string; ok: boolean; result?: unknown }[]> {
  const ran: { job: string; runKey: string; ok: boolean; result?: unknown }[] = [];
  for (const job of jobs) {
    const runKey = job.runKey(now);
    if (!(await claimRun(db, job.name, runKey, now, LEASE_MS))) continue;
    try {
      const result = await job.handler(db, now);
      await finishRun(db, job.name, runKey, { ok: true, result }, now);
      ran.push({ job: job.name, runKey, ok: true, result });
    } catch (err) {
      await finishRun(db, job.name, runKey, { ok: false, error: String(err) }, now);
      ran.push({ job: job.name, runKey, ok: false });
    }
  }
  return ran;
}

/** Ticks the scheduler every `everyMs` in this process (the server); returns a stop function. */
export function startScheduler(
  db: Db,
  clock: Clock,
  everyMs = 60_000,
  onError?: (e: unknown) => void,
  jobs: JobDefinition[] = JOBS,
) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(db, clock(), jobs);
    } catch (e) {
      onError?.(e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
