import { availableParallelism } from 'node:os';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Configuration, parsed once from the environment at start. Every problem is listed at once and the
 * process refuses to start; the result is a frozen, typed object passed down explicitly.
 */
const seconds = (def: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(def);
const count = (def: number, min: number) => z.coerce.number().int().min(min).max(1_000_000).default(def);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data/pglite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOKEN_SECRET: z.string().min(32).optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  DEFAULT_THRESHOLD: z.coerce.number().int().min(0).max(100).default(80),
  QUOTA_LEASE_BLOCK: z.coerce.number().int().min(1).max(10_000).default(100),
  ACCESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  AUDIT_MAX_BATCH: z.coerce.number().int().min(1).max(4000).default(1000),
  BENCH_ROUTES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  // Misuse detection (see README "Misuse detection").
  MISUSE_PATTERN_WINDOW_SECONDS: seconds(600),
  MISUSE_SEQUENTIAL_SERIAL_RUN: count(3, 2),
  MISUSE_SEQUENTIAL_BIRTHDATE_RUN: count(4, 2),
  MISUSE_FAMILY_SWEEP_MEMBERS: count(4, 2),
  MISUSE_BURST_MAX: count(30, 1),
  MISUSE_BURST_WINDOW_SECONDS: seconds(60),
  MISUSE_OUTSIDE_HOURS_ATTEMPTS: count(3, 1),
  MISUSE_OUTSIDE_HOURS_WINDOW_SECONDS: seconds(3600),
  MISUSE_THROTTLE_SECONDS: seconds(900),
  MISUSE_WINDOW_CAP: count(32, 8),
  MISUSE_MAX_KEYS: count(20_000, 100),
  MISUSE_DETECTOR: z.enum(['thread', 'inline']).default('thread'),
  // Replay protection (see README "Replay protection").
  REPLAY_RETENTION_SECONDS: seconds(86_400),
  REPLAY_MAX_SKEW_SECONDS: seconds(300),
  REPLAY_MAX_IDS: count(200_000, 100),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  // Disputes (issue #15): working days the institution has to answer, and the office to decide.
  DISPUTE_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  DISPUTE_DECISION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  TOTP_FOR_OFFICERS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // E-mail for notifications (see README "Notifications by e-mail").
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  // `/metrics` (see README "Metrics"): callers' networks, and a bearer token when set.
  METRICS_ALLOW: z
    .string()
    .default('127.0.0.0/8,::1/128')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    )
    .refine((cidrs) => cidrs.every((c) => ipaddr.isValidCIDR(c)), 'a comma-separated list of CIDR ranges'),
  METRICS_TOKEN: z.string().min(16).max(256).optional(),
  // The public transparency log of the access audit (see README "Transparency log").
  LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/u, 'a schema-less URL without spaces or "+", e.g. gerbang.example.go.id/log')
    .default('gerbang.localhost/log'),
  LOG_KEY_FILE: z.string().min(1).optional(),
  LOG_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  LOG_SEQUENCER: z.enum(['embedded', 'off']).default('embedded'),
  // Gateway processes of `gerbang serve` (src/cluster.ts): a number, or `auto` — one per core with
  // DATABASE_URL, one on an embedded data folder (which exactly one process owns).
  GATEWAY_PROCESSES: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default('auto'),
  // The largest return-data upload (CSV or XLSX) accepted, in bytes (see README "Return data").
  RETURN_DATA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 * 1024 ** 3)
    .default(100 * 1024 ** 2),
});

export type Config = Readonly<{
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  tokenSecret: string;
  tokenTtlSeconds: number;
  trustProxy: boolean;
  defaultThreshold: number;
  quotaLeaseBlock: number;
  /** How long a process trusts what it read of an account, its institution and agreements (0: never). */
  accessCacheMs: number;
  auditMaxBatch: number;
  /** Adds the benchmark's baseline routes (`/bench/bare`, `/bench/pk`); refused in production. */
  benchRoutes: boolean;
  /** Shared state in Redis: quota counters (quota.redis.ts), misuse windows and replay IDs. */
  redisUrl: string | undefined;
  /** Processes `gerbang serve` runs (1: the server itself; more: a primary and that many workers). */
  gatewayProcesses: number;
  misuse: MisuseConfig;
  replay: ReplayConfig;
  /** Browser sessions end after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** Disputes: the institution answers within `answer`, the office decides within `decision` working days. */
  disputes: { answerWorkingDays: number; decisionWorkingDays: number };
  /** This many failed sign-ins in a row lock the account for `lockoutMinutes`. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** When true, registry officers and auditors must enrol a TOTP second factor and give a code to sign in. */
  totpForOfficers: boolean;
  /** Notifications are e-mailed through this SMTP server too (null: in-app only). */
  mail: Readonly<{ smtpUrl: string; from: string }> | null;
  /** `/metrics` answers callers in these CIDR ranges, and with `token` set only those that send it. */
  metrics: Readonly<{ allow: readonly string[]; token: string | undefined }>;
  /**
   * The transparency log: its origin (checkpoint first line and key name), the file of its Ed25519 signing
   * key (`gerbang log keygen`; without one: in production no checkpoint is signed, elsewhere a throwaway
   * key per process), and how often the sequencer runs (and so at most how often a checkpoint is signed).
   */
  log: Readonly<{
    origin: string;
    keyFile: string | undefined;
    intervalMs: number;
    /** `embedded`: every server runs the sequencer; `off`: a separate `gerbang log sequence` process does. */
    sequencer: 'embedded' | 'off';
  }>;
  /** The largest return-data upload accepted (bytes): larger ones are answered 413 with the limit. */
  returnDataMaxBytes: number;
}>;

/** Thresholds of misuse detection; times in milliseconds. */
export type MisuseConfig = Readonly<{
  /** How far back sequential and family-card patterns are looked for. */
  patternWindowMs: number;
  /** Consecutive serials (same first 12 digits) that make a sequential run. */
  sequentialSerialRun: number;
  /** Consecutive birth dates in one kecamatan that make a sequential run. */
  sequentialBirthdateRun: number;
  /** Distinct members of one family card that make a sweep. */
  familySweepMembers: number;
  /** More than this many requests of one account within `burstWindowMs` is a burst. */
  burstMax: number;
  burstWindowMs: number;
  /** This many refused attempts outside allowed hours within the window are recorded. */
  outsideHoursAttempts: number;
  outsideHoursWindowMs: number;
  throttleMs: number;
  /** Entries kept per window key, and keys kept in process memory (least recently used go first). */
  windowCap: number;
  maxKeys: number;
  /**
   * Where a one-process gateway without Redis runs detection: `thread` (a worker thread, off the request
   * thread) or `inline` (on it). With Redis it runs beside the request thread over the shared windows; in a
   * gateway worker of `gerbang serve`, in the primary.
   */
  detector: 'thread' | 'inline';
}>;

export type ReplayConfig = Readonly<{ retentionMs: number; maxSkewMs: number; maxIds: number }>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as shells and .env files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.TOKEN_SECRET) {
    problems.push('  - TOKEN_SECRET: required when NODE_ENV=production');
  }
  if (e.SMTP_URL && !e.MAIL_FROM) problems.push('  - MAIL_FROM: required when SMTP_URL is set');
  if (e.MAIL_FROM && !/^([^<>@\s][^<>]*<)?[^<>@\s]+@[^<>@\s]+>?$/.test(e.MAIL_FROM)) {
    problems.push('  - MAIL_FROM: an address, e.g. gerbang@dukcapil.example or "Gerbang <gerbang@…>"');
  }
  if (typeof e.GATEWAY_PROCESSES === 'number' && e.GATEWAY_PROCESSES > 1 && !e.DATABASE_URL) {
    problems.push(
      '  - GATEWAY_PROCESSES: more than one process needs DATABASE_URL (one process owns an embedded data folder)',
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    // Outside production a fixed development secret keeps tokens valid across restarts of the demo.
    tokenSecret: e.TOKEN_SECRET ?? 'gerbang-development-secret-not-for-production-use',
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    trustProxy: e.TRUST_PROXY,
    defaultThreshold: e.DEFAULT_THRESHOLD,
    redisUrl: e.REDIS_URL,
    gatewayProcesses:
      e.GATEWAY_PROCESSES === 'auto' ? (e.DATABASE_URL ? availableParallelism() : 1) : e.GATEWAY_PROCESSES,
    quotaLeaseBlock: e.QUOTA_LEASE_BLOCK,
    accessCacheMs: e.ACCESS_CACHE_MS,
    auditMaxBatch: e.AUDIT_MAX_BATCH,
    benchRoutes: e.BENCH_ROUTES && e.NODE_ENV !== 'production',
    misuse: Object.freeze({
      patternWindowMs: e.MISUSE_PATTERN_WINDOW_SECONDS * 1000,
      sequentialSerialRun: e.MISUSE_SEQUENTIAL_SERIAL_RUN,
      sequentialBirthdateRun: e.MISUSE_SEQUENTIAL_BIRTHDATE_RUN,
      familySweepMembers: e.MISUSE_FAMILY_SWEEP_MEMBERS,
      burstMax: e.MISUSE_BURST_MAX,
      burstWindowMs: e.MISUSE_BURST_WINDOW_SECONDS * 1000,
      outsideHoursAttempts: e.MISUSE_OUTSIDE_HOURS_ATTEMPTS,
      outsideHoursWindowMs: e.MISUSE_OUTSIDE_HOURS_WINDOW_SECONDS * 1000,
      throttleMs: e.MISUSE_THROTTLE_SECONDS * 1000,
      windowCap: e.MISUSE_WINDOW_CAP,
      maxKeys: e.MISUSE_MAX_KEYS,
      detector: e.MISUSE_DETECTOR,
    }),
    replay: Object.freeze({
      retentionMs: e.REPLAY_RETENTION_SECONDS * 1000,
      maxSkewMs: e.REPLAY_MAX_SKEW_SECONDS * 1000,
      maxIds: e.REPLAY_MAX_IDS,
    }),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    disputes: Object.freeze({
      answerWorkingDays: e.DISPUTE_ANSWER_WORKING_DAYS,
      decisionWorkingDays: e.DISPUTE_DECISION_WORKING_DAYS,
    }),
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    totpForOfficers: e.TOTP_FOR_OFFICERS,
    mail: e.SMTP_URL && e.MAIL_FROM ? Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM }) : null,
    metrics: Object.freeze({ allow: Object.freeze(e.METRICS_ALLOW), token: e.METRICS_TOKEN }),
    log: Object.freeze({
      origin: e.LOG_ORIGIN,
      keyFile: e.LOG_KEY_FILE,
      intervalMs: e.LOG_INTERVAL_MS,
      sequencer: e.LOG_SEQUENCER,
    }),
    returnDataMaxBytes: e.RETURN_DATA_MAX_BYTES,
  });
}
