/**
 * The access answers' serializer (issue #16 §2, "responses serialised by a compiled serializer"): µs per answer
 * of fastify-type-provider-zod's serializer (`z.safeEncode`, then `JSON.stringify`: what every route used) and
 * of the compiled one (src/core/serializer.ts: fast-json-stringify from the same zod schema), on a look-up
 * answer (the nine elements the test agreement grants, a null among them) and a verification answer (five
 * verdicts), in one run. Each is checked to write the same bytes first.
 *
 *   node --import tsx bench/serializer.ts [--answers 100000]
 *
 * Rounds alternate the two serializers (median of 7 rounds); prints the table with the ratio and the load
 * average, and writes JSON to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { compileSerializer } from '../src/core/serializer.ts';
import { lookupResponse, verificationResponse } from '../src/modules/access/access.routes.ts';

const { values } = parseArgs({ options: { answers: { type: 'string', default: '100000' } } });
const ANSWERS = Number(values.answers);
const ROUNDS = 7;

const lookup = {
  requestId: 'req_3f2a9c0d8e7b4a61b5c4d3e2f1a0b9c8',
  outcome: 'FOUND',
  message: 'Data ditemukan',
  elements: {
    NIK: '3301015204900001',
    NO_KK: '3301010101200001',
    NAMA_LGKP: 'SITI RAHAYU WULANDARI',
    TMPT_LHR: 'CILACAP',
    TGL_LHR: '1990-04-12',
    JENIS_KLMIN: 'PEREMPUAN',
    STATUS_KAWIN: 'KAWIN',
    JENIS_PKRJN: null,
    ALAMAT: 'JL. MELATI NO. 12',
  },
};
const verdict = (element: string, status: string, score: number, comparison: string, norm: string[]) => ({
  element,
  status,
  score,
  threshold: comparison === 'exact' ? 100 : 80,
  comparison,
  normalisation: norm,
});
const verification = {
  requestId: 'req_3f2a9c0d8e7b4a61b5c4d3e2f1a0b9c8',
  outcome: 'FOUND',
  message: 'Data ditemukan',
  threshold: 80,
  elements: [
    verdict('NAMA_LGKP', 'match', 100, 'similarity', ['case', 'titles', 'degrees']),
    verdict('TGL_LHR', 'match', 100, 'exact', ['date_format']),
    verdict('JENIS_KLMIN', 'match', 100, 'exact', ['case']),
    verdict('TMPT_LHR', 'match', 88, 'similarity', []),
    { element: 'AGAMA', status: 'not_permitted' },
  ],
};

const cases: { name: string; schema: z.ZodType; answer: unknown }[] = [
  { name: 'look-up (9 elements)', schema: lookupResponse, answer: lookup },
  { name: 'verification (5 verdicts)', schema: verificationResponse, answer: verification },
];

function usPerAnswer(serialize: (d: unknown) => string, answer: unknown): number {
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < ANSWERS; i++) bytes += serialize(answer).length;
  const ms = performance.now() - t0;
  if (bytes === 0) throw new Error('nothing written');
  return (ms * 1000) / ANSWERS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows = cases.map(({ name, schema, answer }) => {
  const zod = serializerCompiler({ schema, method: 'POST', url: '/bench' } as Parameters<
    typeof serializerCompiler
  >[0]);
  const compiled = compileSerializer(schema);
  if (zod(answer) !== compiled(answer)) throw new Error(`${name}: the two serializers write different bytes`);
  usPerAnswer(zod, answer); // warm-up
  usPerAnswer(compiled, answer);
  const z: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    z.push(usPerAnswer(zod, answer));
    c.push(usPerAnswer(compiled, answer));
  }
  const zodUs = median(z);
  const compiledUs = median(c);
  return {
    answer: name,
    bytes: compiled(answer).length,
    zodUs,
    compiledUs,
    savedUs: zodUs - compiledUs,
    ratio: zodUs / compiledUs,
    rounds: { zod: z, compiled: c },
  };
});

const result = {
  at: new Date().toISOString(),
  answers: ANSWERS,
  rounds: ROUNDS,
  rows,
  node: process.version,
  loadavg: loadavg(),
  cores: cpus().length,
};
console.table(
  rows.map((r) => ({
    answer: r.answer,
    bytes: r.bytes,
    'zod µs': r.zodUs.toFixed(2),
    'compiled µs': r.compiledUs.toFixed(2),
    'saved µs': r.savedUs.toFixed(2),
    'zod / compiled': `${r.ratio.toFixed(1)}×`,
  })),
);
console.log(
  `median of ${ROUNDS} rounds of ${ANSWERS} answers each; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/serializer-${result.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
