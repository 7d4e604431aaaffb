/**
 * The reference: the design limit of a verification / look-up gateway, as small as it can be while doing the
 * work the access path must do (issue #16). One process, Fastify, pg:
 *
 *   API-key lookup (a Map)  → IP allow-list  → agreement in force and granting the method and elements
 *   → JSON-schema validation (Fastify's compiled ajv)  → an in-process leased quota (blocks of LEASE hits
 *   taken from the database with one conditional UPDATE)  → a primary-key read of the resident
 *   → field comparison (verification) or the granted elements (look-up)  → one audit row, group-committed
 *   (one multi-row INSERT every 2 ms or 256 rows)  → the answer, only after that COMMIT.
 *
 * It is a benchmark instrument, not a product: written by hand on purpose, with no Gerbang code, so that
 * `npm run bench` can say how close Gerbang's access path comes to what this design can do on this machine.
 * Its tables (reference_*) live in the benchmark database beside Gerbang's and are created when it starts.
 *
 *   DATABASE_URL=postgres://… PORT=… REFERENCE_CONFIG='{"keys":{…}}' node --import tsx bench/reference/server.ts
 */
import Fastify from 'fastify';
import pg from 'pg';

export interface ReferenceKey {
  operator: string;
  institution: string;
  /** Caller addresses allowed (exact match; the benchmark calls from loopback). */
  addresses: string[];
  agreement: { validFrom: string; validTo: string; methods: string[]; elements: string[] };
  dailyQuota: number;
}

export interface ReferenceConfig {
  keys: Record<string, ReferenceKey>;
}

const LEASE = 1000;
const BATCH_ROWS = 256;
const BATCH_MS = 2;

const config = JSON.parse(process.env.REFERENCE_CONFIG ?? '{"keys":{}}') as ReferenceConfig;
const keys = new Map(Object.entries(config.keys));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 });

await pool.query(`
  CREATE TABLE IF NOT EXISTS reference_quota (
    operator text NOT NULL, day date NOT NULL, leased integer NOT NULL DEFAULT 0, PRIMARY KEY (operator, day));
  CREATE TABLE IF NOT EXISTS reference_audit (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL, operator text NOT NULL, institution text NOT NULL,
    nik text NOT NULL, method text NOT NULL, outcome text NOT NULL, elements text[] NOT NULL);
`);

// --- in-process leased quota -------------------------------------------------------------------------------
interface Lease {
  day: string;
  left: number;
  pending: Promise<boolean> | null;
}
const leases = new Map<string, Lease>();
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // WIB day

async function takeBlock(operator: string, limit: number, lease: Lease): Promise<boolean> {
  await pool.query({
    name: 'ref-lease-day',
    text: 'INSERT INTO reference_quota (operator, day) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    values: [operator, lease.day],
  });
  // One conditional UPDATE (the row lock serialises leases of several processes): at most what is left.
  const { rows } = await pool.query<{ granted: number }>({
    name: 'ref-lease',
    text: `WITH cur AS (SELECT leased FROM reference_quota WHERE operator = $1 AND day = $2 FOR UPDATE)
           UPDATE reference_quota q SET leased = q.leased + LEAST($3::int, $4::int - cur.leased) FROM cur
            WHERE q.operator = $1 AND q.day = $2 AND cur.leased < $4::int
           RETURNING LEAST($3::int, $4::int - cur.leased)::int AS granted`,
    values: [operator, lease.day, LEASE, limit],
  });
  const granted = rows[0]?.granted ?? 0;
  lease.left += granted;
  return granted > 0;
}

async function takeHit(operator: string, limit: number): Promise<boolean> {
  const day = today();
  let lease = leases.get(operator);
  if (!lease || lease.day !== day) {
    lease = { day, left: 0, pending: null };
    leases.set(operator, lease);
  }
  while (lease.left === 0) {
    lease.pending ??= takeBlock(operator, limit, lease).finally(() => (lease!.pending = null));
    if (!(await lease.pending)) return false;
  }
  lease.left -= 1;
  return true;
}

// --- group-committed audit --------------------------------------------------------------------------------
interface AuditRow {
  at: Date;
  operator: string;
  institution: string;
  nik: string;
  method: string;
  outcome: string;
  elements: string[];
}
let batch: { row: AuditRow; done: (err?: Error) => void }[] = [];
let timer: NodeJS.Timeout | null = null;

function flush(): void {
  timer = null;
  const rows = batch;
  batch = [];
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map(({ row }, i) => {
    values.push(row.at, row.operator, row.institution, row.nik, row.method, row.outcome, row.elements);
    const b = i * 7;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
  });
  pool
    .query(
      `INSERT INTO reference_audit (at, operator, institution, nik, method, outcome, elements) VALUES ${tuples.join(', ')}`,
      values,
    )
    .then(
      () => rows.forEach((r) => r.done()),
      (err: Error) => rows.forEach((r) => r.done(err)),
    );
}

function audit(row: AuditRow): Promise<void> {
  return new Promise((resolve, reject) => {
    batch.push({ row, done: (err) => (err ? reject(err) : resolve()) });
    if (batch.length >= BATCH_ROWS) {
      if (timer) clearTimeout(timer);
      flush();
    } else timer ??= setTimeout(flush, BATCH_MS);
  });
}

// --- the routes -----------------------------------------------------------------------------------------------
const COLUMNS: Record<string, string> = {
  NAMA_LGKP: 'full_name',
  TGL_LHR: "to_char(birth_date, 'YYYY-MM-DD')",
  JENIS_KLMIN: 'sex',
  TMPT_LHR: 'birth_place',
  AGAMA: 'religion',
  ALAMAT: 'street_address',
};
const SELECT = `SELECT record_status, ${Object.entries(COLUMNS)
  .map(([k, c]) => `${c} AS "${k}"`)
  .join(', ')} FROM residents WHERE nik = $1`;

type ResidentRow = Record<string, string> & { record_status: string };
type Refusal = { status: number; code: string };
function admit(
  apiKey: string | undefined,
  ip: string,
  method: string,
  elements: string[],
): ReferenceKey | Refusal {
  const key = apiKey === undefined ? undefined : keys.get(apiKey);
  if (!key) return { status: 401, code: 'LOGIN_FAILED' };
  if (!key.addresses.includes(ip)) return { status: 403, code: 'NETWORK_NOT_ALLOWED' };
  const day = today();
  const a = key.agreement;
  if (day < a.validFrom || day > a.validTo) return { status: 403, code: 'AGREEMENT_NOT_IN_FORCE' };
  if (!a.methods.includes(method)) return { status: 403, code: 'METHOD_NOT_GRANTED' };
  if (elements.some((e) => !a.elements.includes(e))) return { status: 403, code: 'ELEMENT_NOT_GRANTED' };
  return key;
}

const app = Fastify({ logger: false });
const nikSchema = { type: 'string', pattern: '^[0-9]{16}$' } as const;

app.post<{ Body: { nik: string; elements: Record<string, string> } }>(
  '/verify',
  {
    schema: {
      body: {
        type: 'object',
        required: ['nik', 'elements'],
        additionalProperties: false,
        properties: {
          nik: nikSchema,
          elements: {
            type: 'object',
            minProperties: 1,
            additionalProperties: false,
            properties: Object.fromEntries(
              Object.keys(COLUMNS).map((k) => [k, { type: 'string', maxLength: 200 }]),
            ),
          },
        },
      },
    },
  },
  async (request, reply) => {
    const asked = Object.keys(request.body.elements);
    const key = admit(request.headers['x-api-key'] as string | undefined, request.ip, 'verification', asked);
    if ('code' in key) return reply.code(key.status).send({ error: key.code });
    if (!(await takeHit(key.operator, key.dailyQuota)))
      return reply.code(429).send({ error: 'QUOTA_EXHAUSTED' });
    const { rows } = await pool.query<ResidentRow>({
      name: 'ref-pk',
      text: SELECT,
      values: [request.body.nik],
    });
    const record = rows[0];
    const outcome = !record
      ? 'not_found'
      : record.record_status !== 'active'
        ? record.record_status
        : 'found';
    const result: Record<string, boolean> = {};
    if (record && outcome === 'found') {
      for (const [k, v] of Object.entries(request.body.elements)) {
        result[k] = v.trim().toUpperCase() === String(record[k]).toUpperCase();
      }
    }
    await audit({
      at: new Date(),
      operator: key.operator,
      institution: key.institution,
      nik: request.body.nik,
      method: 'verification',
      outcome,
      elements: asked,
    });
    return { outcome: outcome.toUpperCase(), elements: result };
  },
);

app.post<{ Body: { nik: string } }>(
  '/lookup',
  {
    schema: {
      body: {
        type: 'object',
        required: ['nik'],
        additionalProperties: false,
        properties: { nik: nikSchema },
      },
    },
  },
  async (request, reply) => {
    const key = admit(request.headers['x-api-key'] as string | undefined, request.ip, 'portal', []);
    if ('code' in key) return reply.code(key.status).send({ error: key.code });
    if (!(await takeHit(key.operator, key.dailyQuota)))
      return reply.code(429).send({ error: 'QUOTA_EXHAUSTED' });
    const { rows } = await pool.query<ResidentRow>({
      name: 'ref-pk',
      text: SELECT,
      values: [request.body.nik],
    });
    const record = rows[0];
    const outcome = !record
      ? 'not_found'
      : record.record_status !== 'active'
        ? record.record_status
        : 'found';
    const granted = key.agreement.elements.filter((e) => e in COLUMNS);
    await audit({
      at: new Date(),
      operator: key.operator,
      institution: key.institution,
      nik: request.body.nik,
      method: 'portal',
      outcome,
      elements: outcome === 'found' ? granted : [],
    });
    return {
      outcome: outcome.toUpperCase(),
      elements: outcome === 'found' ? Object.fromEntries(granted.map((e) => [e, record![e]])) : null,
    };
  },
);

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const addr = app.server.address();
process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
const stop = () =>
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
