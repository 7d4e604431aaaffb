import { z } from 'zod';

/**
 * Configuration, parsed once from the environment at start. Every problem is listed at once and the
 * process refuses to start; the result is a frozen, typed object passed down explicitly.
 */
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
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
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
  /** Browser sessions end after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** This many failed sign-ins in a row lock the account for `lockoutMinutes`. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** When true, registry officers and auditors must enrol a TOTP second factor and give a code to sign in. */
  totpForOfficers: boolean;
}>;

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
  if (e.NODE_ENV === 'production' && !e.TOKEN_SECRET) {
    throw new ConfigError('Invalid configuration:\n  - TOKEN_SECRET: required when NODE_ENV=production');
  }
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
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    totpForOfficers: e.TOTP_FOR_OFFICERS,
  });
}
