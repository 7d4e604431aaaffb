import { createReadStream } from 'node:fs';
import type { Db } from '../../db/db.ts';
import { win1252, type CsvScan } from './return-data.files.ts';
import { REASONS, sqlLiteral as lit, sqlReason } from './return-data.reasons.ts';
import type { ReturnDataField, ReturnDataSchema } from './return-data.schema.ts';
import { foundScope } from './return-data.repo.ts';
import { periodOf, type Raw } from './return-data.validate.ts';

/**
 * The set-based path of an uploaded file: its rows go into a staging table (a temporary table of the import's
 * transaction, dropped at its end) by COPY (PostgreSQL) or by multi-row inserts of one JSON parameter (PGlite),
 * one text column per schema column, with the row's line; then the database validates them all at once with the
 * same rules and the same reasons as the row-by-row validator (return-data.validate.ts, which the web service
 * and the form keep; return-data.stage.test.ts holds both to the same answers), applies the enumeration rule
 * with one anti-join on the agreement's found accesses, writes the rejects, and upserts the accepted rows with
 * one `INSERT … SELECT … ON CONFLICT` on the natural key. Node holds one chunk of rows at a time.
 */

/** JavaScript's whitespace (`String.prototype.trim`, `\s`), for the same trimming in SQL. */
const JS_SPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const SPACE = lit(JS_SPACE);
const SPACE_CLASS = lit(`[${JS_SPACE}]`);
const SPACES_CLASS = lit(`[${JS_SPACE}]+`);
/** 2^1024 − 2^970: from here on a decimal rounds to Infinity as a JavaScript number. */
const DOUBLE_OVERFLOW =
  '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792';

const TRUE = ['YA', 'Y', 'TRUE', 'BENAR', '1'];
const FALSE = ['TIDAK', 'T', 'N', 'FALSE', 'SALAH', '0'];

/** The staged columns: NIK, PERIODE, then the schema's fields in order (c0, c1, c2 …). */
export function stageKeys(schema: ReturnDataSchema): string[] {
  return ['NIK', 'PERIODE', ...schema.fields.map((f) => f.key)];
}

const STAGE = 'return_data_stage';
const CHECKED = 'return_data_checked';

/** One row for the staging table: its line, a problem of the row as a whole, and each column's raw value. */
export interface StageRow {
  line: number;
  rowProblem: string | null;
  cells: Raw[];
}

/** A raw value as the staging table's text, and whether it was a number (a spreadsheet or JSON number). */
function stageText(raw: Raw, isPeriod: boolean): { text: string | null; number: boolean } {
  if (raw === null || raw === undefined) return { text: null, number: false };
  if (typeof raw === 'number') return { text: String(raw), number: true };
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { text: 'Invalid Date', number: false };
    return { text: raw.toISOString().slice(0, isPeriod ? 7 : 10), number: false };
  }
  // PostgreSQL text holds no NUL character.
  const s = String(raw);
  return { text: s.includes('\u0000') ? s.replaceAll('\u0000', '\ufffd') : s, number: false };
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyText = (s: string | null): string =>
  s === null ? '\\N' : /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;

function encode(row: StageRow, width: number): { cells: (string | null)[]; numbers: bigint } {
  let numbers = 0n;
  const cells: (string | null)[] = [];
  for (let i = 0; i < width; i++) {
    const { text, number } = stageText(row.cells[i], i === 1);
    if (number) numbers |= 1n << BigInt(i);
    cells.push(text);
  }
  return { cells, numbers };
}

/** Creates the staging table of the transaction `tx` for `schema`'s columns. */
export async function createStage(tx: Db, schema: ReturnDataSchema): Promise<void> {
  const cols = stageKeys(schema)
    .map((_, i) => `c${i} text`)
    .join(', ');
  await tx.query(
    `CREATE TEMP TABLE ${STAGE} (line integer NOT NULL, row_problem text, nums bigint NOT NULL, ${cols})
       ON COMMIT DROP`,
  );
}

/** Rows staged per JSON insert (PGlite), and the size of one COPY chunk (PostgreSQL). */
const INSERT_ROWS = 5000;
const COPY_CHUNK_CHARS = 256 * 1024;

/** Streams `rows` into the staging table; returns how many were staged. */
export async function stageRows(
  tx: Db,
  schema: ReturnDataSchema,
  rows: AsyncIterable<StageRow>,
): Promise<number> {
  const width = stageKeys(schema).length;
  const names = ['line', 'row_problem', 'nums', ...Array.from({ length: width }, (_, i) => `c${i}`)];
  if (tx.copyFrom) {
    let staged = 0;
    async function* chunks(): AsyncGenerator<string> {
      let chunk = '';
      for await (const row of rows) {
        const { cells, numbers } = encode(row, width);
        chunk += `${row.line}\t${copyText(row.rowProblem)}\t${numbers}\t${cells.map(copyText).join('\t')}\n`;
        staged += 1;
        if (chunk.length >= COPY_CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await tx.copyFrom(`COPY ${STAGE} (${names.join(', ')}) FROM STDIN`, chunks());
    return staged;
  }
  const select = [
    `(r->>0)::integer`,
    `r->>1`,
    `(r->>2)::bigint`,
    ...Array.from({ length: width }, (_, i) => `r->>${i + 3}`),
  ].join(', ');
  const sql = `INSERT INTO ${STAGE} (${names.join(', ')}) SELECT ${select} FROM json_array_elements($1::json) r`;
  let batch: unknown[][] = [];
  let staged = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(sql, [JSON.stringify(batch)]);
    staged += batch.length;
    batch = [];
  };
  for await (const row of rows) {
    const { cells, numbers } = encode(row, width);
    const problem = row.rowProblem === null ? null : row.rowProblem.replaceAll('\u0000', '\ufffd');
    batch.push([row.line, problem, String(numbers), ...cells]);
    if (batch.length >= INSERT_ROWS) await flush();
  }
  await flush();
  return staged;
}

const RAW = 'return_data_raw';

/**
 * A plain CSV file (`CsvScan.plain`: no quotes, one newline style; PostgreSQL only) straight into the database:
 * COPY reads each physical line whole into a temporary table (a separator and a quote character that the file
 * does not hold, so no byte is interpreted), numbered in file order — the line number, empty lines counted as
 * csv-parse counts them; the header line is skipped. Returns the staged rows as a subquery for `checkStage`:
 * each line split on the file's separator, the schema's columns picked by the header's positions (`positions`,
 * undefined: not in the file), and more non-empty cells than the header's `width` the row's own problem.
 */
export async function stageCsvFile(
  tx: Db & { copyFrom: NonNullable<Db['copyFrom']> },
  csv: CsvScan,
  positions: (number | undefined)[],
  width: number,
): Promise<string> {
  await tx.query(`CREATE TEMP TABLE ${RAW} (n bigserial, t text) ON COMMIT DROP`);
  const file = createReadStream(csv.path, { highWaterMark: 256 * 1024 });
  const input = csv.utf8 ? file : file.pipe(win1252());
  file.on('error', (e) => input.destroy(e));
  await tx.copyFrom(
    `COPY ${RAW} (t) FROM STDIN (FORMAT csv, HEADER true, DELIMITER E'\\x01', QUOTE E'\\x02')`,
    input as AsyncIterable<Buffer | string>,
  );
  const extra = `CASE WHEN cardinality(x.a) > ${width}
                   AND EXISTS (SELECT 1 FROM unnest(x.a[${width + 1}:]) e WHERE btrim(e, ${SPACE}) <> '')
                 THEN ${sqlReason(REASONS.tooManyCells, 'cardinality(x.a)::text', lit(String(width)))} END`;
  const cols = positions.map((p, i) => (p === undefined ? `NULL::text AS c${i}` : `x.a[${p + 1}] AS c${i}`));
  return `(SELECT r.n::integer + 1 AS line, ${extra} AS row_problem, 0::bigint AS nums, ${cols.join(', ')}
             FROM ${RAW} r CROSS JOIN LATERAL (SELECT string_to_array(r.t, ${lit(csv.delimiter)}) AS a OFFSET 0) x
            WHERE r.t IS NOT NULL)`;
}

// ------------------------------------------------------------------------------------------------ the checks

/** y, m, d (integer SQL expressions) → 'YYYY-MM-DD' when it is a day between 1900 and 2100, else NULL. */
function ymd(y: string, m: string, d: string): string {
  const days = `CASE WHEN ${m} = 2 THEN CASE WHEN ${y} % 4 = 0 AND (${y} % 100 <> 0 OR ${y} % 400 = 0) THEN 29 ELSE 28 END
                     WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  return `CASE WHEN ${y} BETWEEN 1900 AND 2100 AND ${m} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${days}
               THEN ${y}::text || '-' || lpad(${m}::text, 2, '0') || '-' || lpad(${d}::text, 2, '0') END`;
}

/** A trimmed text → ISO date: yyyy-mm-dd, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy or an Excel serial (checkDate). */
function dateOf(t: string): string {
  const dmy = `translate(${t}, '/.', '--')`;
  const part = (s: string, n: number) => `split_part(${s}, '-', ${n})::integer`;
  return `CASE WHEN ${t} ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$' THEN ${ymd(part(t, 1), part(t, 2), part(t, 3))}
               WHEN ${t} ~ '^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}$' THEN ${ymd(part(dmy, 3), part(dmy, 2), part(dmy, 1))}
               WHEN ${t} ~ '^[0-9]{1,5}$' THEN CASE WHEN ${t}::integer BETWEEN 1 AND 73050
                 THEN to_char(date '1899-12-30' + ${t}::integer, 'YYYY-MM-DD') END END`;
}

/** Digits with an optional point (already rewritten from Indonesian writing) → a double, as `Number` reads it. */
function doubleOf(r: string): string {
  return `CASE WHEN length(${r}) < 300 THEN ${r}::float8
               WHEN length(split_part(ltrim(${r}, '-'), '.', 1)) > 309 THEN 'Infinity'::float8
               WHEN abs(left(${r}, 1000)::numeric) >= ${DOUBLE_OVERFLOW} THEN 'Infinity'::float8
               ELSE round(left(${r}, 1000)::numeric, 320)::float8 END`;
}

/** The PERIODE text (upper case, no spaces) → the period, or NULL (checkPeriod, before the future check). */
function periodOfText(p: string, semester: boolean): string {
  if (semester) {
    return `CASE WHEN ${p} ~ '^[0-9]{4}[-/]?S[12]$' THEN left(${p}, 4) || '-S' || right(${p}, 1)
                 WHEN ${p} ~ '^S[12][-/][0-9]{4}$' THEN right(${p}, 4) || '-S' || substr(${p}, 2, 1) END`;
  }
  const month = (m: string, y: string) =>
    `CASE WHEN ${m} BETWEEN 1 AND 12 THEN ${y} || '-' || lpad(${m}::text, 2, '0') END`;
  return `CASE WHEN ${p} ~ '^[0-9]{4}-[0-9]{1,2}$'
                 THEN ${month(`split_part(${p}, '-', 2)::integer`, `left(${p}, 4)`)}
               WHEN ${p} ~ '^[0-9]{1,2}[-/][0-9]{4}$'
                 THEN ${month(`split_part(translate(${p}, '/', '-'), '-', 1)::integer`, `right(${p}, 4)`)} END`;
}

const SCIENTIFIC = `'^[+-]?[0-9]+([.,][0-9]+)?E[+-]?[0-9]+$'`;

/** A 16-digit identifier's reason (checkId16): `id` is the text without a leading apostrophe. */
function id16Reason(what: string, id: string, isNumber: string): string {
  // Sixteen digits first (the usual case: one cheap test; it cannot be scientific notation as well).
  return `CASE WHEN ${isNumber} THEN ${lit(REASONS.idAsNumber(what))}
               WHEN length(${id}) = 16 AND ${id} !~ '[^0-9]' THEN NULL
               WHEN ${id} ~* ${SCIENTIFIC} THEN ${sqlReason((v: string) => REASONS.idScientific(what, v), `left(${id}, 20)`)}
               ELSE ${lit(REASONS.id16(what))} END`;
}

interface ColumnSql {
  /** Expressions of the first lateral step (from the staged text), by name. */
  first: Record<string, string>;
  /** Expressions of the second step (from the first's names). */
  second: Record<string, string>;
  /** The reason (NULL when the value is good), from both steps' names. */
  reason: string;
  /** The value as jsonb (NULL when empty). */
  value: string;
}

function fieldSql(f: ReturnDataField, i: number): ColumnSql {
  const c = `s.c${i}`;
  const t = `t${i}`;
  const isNumber = `(s.nums & ${1n << BigInt(i)}::bigint) <> 0`;
  const first: Record<string, string> = { [t]: `btrim(${c}, ${SPACE})`, [`num${i}`]: isNumber };
  const empty = `(${t} IS NULL OR ${t} = '')`;
  const required = f.required ? lit(REASONS.required) : 'NULL';
  const second: Record<string, string> = {};
  let check: string;
  let value: string;
  switch (f.type) {
    case 'text': {
      const max = f.maxLength ?? 255;
      check = `CASE WHEN char_length(${t}) > ${max} THEN ${lit(REASONS.maxLength(max))} END`;
      value = `to_jsonb(${t})`;
      break;
    }
    case 'integer':
    case 'decimal': {
      const integer = f.type === 'integer';
      // Every space out (the trimmed text's or the staged text's: the same).
      const s = `regexp_replace(${c}, ${SPACE_CLASS}, '', 'g')`;
      first[`r${i}`] =
        `CASE WHEN ${s} ~ '^-?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?$' THEN replace(replace(${s}, '.', ''), ',', '.')
                             WHEN ${s} ~ '^-?[0-9]+,[0-9]+$' THEN replace(${s}, ',', '.') ELSE ${s} END`;
      const n = `n${i}`;
      second[n] = `CASE WHEN ${empty} THEN NULL WHEN num${i} THEN ${c}::float8
                        WHEN r${i} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN ${doubleOf(`r${i}`)} END`;
      const limits = [
        integer ? `WHEN ${n} <> trunc(${n}) THEN ${lit(REASONS.integer)}` : '',
        f.min !== undefined ? `WHEN ${n} < '${f.min}'::float8 THEN ${lit(REASONS.min(f.min))}` : '',
        f.max !== undefined ? `WHEN ${n} > '${f.max}'::float8 THEN ${lit(REASONS.max(f.max))}` : '',
      ].join(' ');
      check = `CASE WHEN ${n} IS NULL THEN ${lit(integer ? REASONS.integer : REASONS.number)}
                    WHEN ${n} = 'NaN'::float8 OR ${n} IN ('Infinity'::float8, '-Infinity'::float8)
                      THEN ${lit(REASONS.number)} ${limits} END`;
      value = `to_jsonb(${n})`;
      break;
    }
    case 'date': {
      second[`d${i}`] = `CASE WHEN ${empty} THEN NULL ELSE ${dateOf(t)} END`;
      check = `CASE WHEN d${i} IS NULL THEN ${lit(REASONS.dateUnknown)} END`;
      value = `to_jsonb(d${i})`;
      break;
    }
    case 'boolean': {
      const u = `upper(${t})`;
      second[`b${i}`] = `CASE WHEN ${u} IN (${TRUE.map(lit).join(', ')}) THEN true
                              WHEN ${u} IN (${FALSE.map(lit).join(', ')}) THEN false END`;
      check = `CASE WHEN b${i} IS NULL THEN ${lit(REASONS.boolean)} END`;
      value = `to_jsonb(b${i})`;
      break;
    }
    case 'code': {
      const k = `regexp_replace(upper(${t}), ${SPACES_CLASS}, '_', 'g')`;
      const values = f.values!;
      // The first value whose upper case matches, as `find` does.
      second[`k${i}`] =
        `CASE ${k} ${values.map((v) => `WHEN ${lit(v.toUpperCase())} THEN ${lit(v)}`).join(' ')} END`;
      check = `CASE WHEN k${i} IS NULL THEN ${lit(REASONS.code(values))} END`;
      value = `to_jsonb(k${i})`;
      break;
    }
    case 'id16': {
      second[`i${i}`] = `regexp_replace(${t}, '^''', '')`;
      check = id16Reason(f.label, `i${i}`, `num${i}`);
      value = `to_jsonb(i${i})`;
      break;
    }
  }
  return {
    first,
    second,
    reason: `CASE WHEN ${empty} THEN ${required} ELSE ${check} END`,
    value: `CASE WHEN ${empty} THEN NULL ELSE ${value} END`,
  };
}

/**
 * Validates the staged rows into the checked table: per row its line, NIK and period (normalised), its
 * reasons (one per column, NULL when good: the row's own problem, NIK, PERIODE, the fields), `ok` when it
 * has none, and the typed values as jsonb (for good rows).
 */
export async function checkStage(
  tx: Db,
  schema: ReturnDataSchema,
  today: string,
  source: string = STAGE,
): Promise<void> {
  const semester = schema.period === 'semester';
  const fields = schema.fields.map((f, i) => fieldSql(f, i + 2));
  const first: Record<string, string> = {
    t0: `btrim(s.c0, ${SPACE})`,
    num0: `(s.nums & 1::bigint) <> 0`,
    p1: `regexp_replace(upper(coalesce(s.c1, '')), ${SPACE_CLASS}, '', 'g')`,
    ...Object.assign({}, ...fields.map((f) => f.first)),
  };
  const second: Record<string, string> = {
    nik: `regexp_replace(coalesce(t0, ''), '^''', '')`,
    period: periodOfText('p1', semester),
    ...Object.assign({}, ...fields.map((f) => f.second)),
  };
  const current = periodOf(schema, today);
  const periodReason = `CASE WHEN period IS NULL THEN ${lit(semester ? REASONS.periodSemester : REASONS.periodMonthly)}
                             WHEN period > ${lit(current)} COLLATE "C" THEN ${lit(REASONS.periodFuture)} END`;
  const reasons = [
    's.row_problem',
    id16Reason('NIK', 'nik', 'num0'),
    periodReason,
    ...fields.map((f) => f.reason),
  ];
  const data = `jsonb_strip_nulls(jsonb_build_object(${schema.fields
    .map((f, i) => `${lit(f.key)}, ${fields[i]!.value}`)
    .join(', ')}))`;
  const select = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([name, sql]) => `${sql} AS ${name}`)
      .join(',\n ');
  await tx.query(
    `CREATE TEMP TABLE ${CHECKED} ON COMMIT DROP AS
     SELECT line, nik, period, reasons, ok, CASE WHEN ok THEN data END AS data FROM (
       SELECT line, nik, period, reasons, num_nonnulls(VARIADIC reasons) = 0 AS ok, data FROM (
         SELECT s.line, nik, period, ARRAY[${reasons.join(',\n ')}]::text[] AS reasons, ${data} AS data
           FROM ${source} s
           CROSS JOIN LATERAL (SELECT ${select(first)} OFFSET 0) a
           CROSS JOIN LATERAL (SELECT ${select(second)} OFFSET 0) b
         OFFSET 0) q0
     ) q`,
  );
}

/**
 * The checked rows into the upload's rejects and the store: every reason of a bad row; the one reason of the
 * enumeration rule for a good row whose NIK the institution did not access (found) under the agreement; then
 * the good rows of accessed NIKs upserted on (agreement, NIK, period), the last line of a key winning.
 */
export async function storeChecked(
  tx: Db,
  t: {
    schema: ReturnDataSchema;
    agreementId: string;
    institutionId: string;
    uploadId: string;
    channel: 'upload' | 'cli';
    now: Date;
  },
): Promise<{ read: number; accepted: number; rejected: number }> {
  const columns = stageKeys(t.schema);
  // Statistics of the checked rows for the joins below (a temporary table has none of its own).
  if (tx.kind === 'postgres') await tx.query(`ANALYZE ${CHECKED}`);
  await tx.query(
    `INSERT INTO return_data_rejects (upload_id, line, col, reason)
     SELECT $1, c.line, ($2::text[])[i], c.reasons[i]
       FROM ${CHECKED} c CROSS JOIN LATERAL generate_subscripts(c.reasons, 1) i
      WHERE NOT c.ok AND c.reasons[i] IS NOT NULL`,
    [t.uploadId, ['', ...columns]],
  );
  const found = await foundScope(tx, t.agreementId);
  await tx.query(
    `INSERT INTO return_data_rejects (upload_id, line, col, reason)
     SELECT $1, c.line, 'NIK', $2 FROM ${CHECKED} c
      WHERE c.ok AND NOT EXISTS (SELECT 1 FROM access_audit a WHERE ${found.where('a', '$3')} AND a.nik = c.nik)`,
    [t.uploadId, REASONS.notAccessed, found.param],
  );
  const { rows } = await tx.query<{ accepted: number }>(
    `WITH ins AS (
       INSERT INTO return_data_records (agreement_id, nik, period, institution_id, schema_id, data, channel,
                                        upload_id, received_at)
       SELECT DISTINCT ON (c.nik, c.period) $1, c.nik, c.period, $2, $3, c.data, $4, $5, $6
         FROM ${CHECKED} c
        WHERE c.ok AND NOT EXISTS (SELECT 1 FROM return_data_rejects r WHERE r.upload_id = $5 AND r.line = c.line)
        ORDER BY c.nik, c.period, c.line DESC
       ON CONFLICT (agreement_id, nik, period) DO UPDATE
         SET data = EXCLUDED.data, schema_id = EXCLUDED.schema_id, channel = EXCLUDED.channel,
             upload_id = EXCLUDED.upload_id, received_at = EXCLUDED.received_at
       RETURNING 1)
     SELECT count(*)::int AS accepted FROM ins`,
    [t.agreementId, t.institutionId, t.schema.id, t.channel, t.uploadId, t.now.toISOString()],
  );
  const { rows: counts } = await tx.query<{ read: number; rejected: number }>(
    `SELECT (SELECT count(*)::int FROM ${CHECKED}) AS read,
            (SELECT count(DISTINCT line)::int FROM return_data_rejects WHERE upload_id = $1) AS rejected`,
    [t.uploadId],
  );
  return { read: counts[0]!.read, accepted: rows[0]!.accepted, rejected: counts[0]!.rejected };
}
