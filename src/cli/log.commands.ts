import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { checkConsistency } from '../modules/audit/log.merkle.ts';
import { generateSignerKey, parseSignerKey } from '../modules/audit/log.note.ts';
import { loadLogSigner } from '../modules/audit/log.routes.ts';
import { LogSequencer } from '../modules/audit/log.sequencer.ts';
import {
  checkpointOfSize,
  consistencyBetween,
  inclusionForRequest,
  latestCheckpoint,
} from '../modules/audit/log.proofs.ts';
import type { WithDb } from './shared.ts';

/** A plain refusal on stderr (no stack trace) and exit code 1. */
function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

const size = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new Error(`not a tree size: ${v}`);
  return Number(v);
};

/** `gerbang log …`: the public transparency log of the access audit (keys, checkpoints, proofs). */
export function register(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const log = program.command('log').description('The public transparency log of the access audit');

  log
    .command('keygen')
    .description(
      'Create the log’s Ed25519 signing key (a file to keep secret, never to commit); prints its vkey',
    )
    .requiredOption('--out <file>', 'where to write the private key (refused if it exists)')
    .option('--name <name>', 'key name (default: LOG_ORIGIN)')
    .action((o: { out: string; name?: string }) => {
      if (existsSync(o.out)) return fail(`${o.out} exists; refusing to overwrite a key`);
      const key = generateSignerKey(o.name ?? loadConfig().log.origin);
      writeFileSync(o.out, `${key}\n`, { mode: 0o600, flag: 'wx' });
      console.log(parseSignerKey(key).vkey);
    });

  log
    .command('key')
    .description('Print the log’s public key (vkey) from LOG_KEY_FILE')
    .action(() => {
      const config = loadConfig();
      if (!config.log.keyFile)
        return fail('LOG_KEY_FILE is not set (create a key with `gerbang log keygen`)');
      console.log(parseSignerKey(readFileSync(config.log.keyFile, 'utf8')).vkey);
    });

  log
    .command('sequence')
    .description(
      'Run the log sequencer alone, until SIGTERM or SIGINT: gives committed audit rows their leaf index, ' +
        'extends the tree and signs checkpoints (for gateways started with LOG_SEQUENCER=off)',
    )
    .action(() =>
      withDb(async (db, config) => {
        if (!config.log.keyFile && config.env === 'production') {
          return fail('LOG_KEY_FILE is not set (create a key with `gerbang log keygen`)');
        }
        const { signer, throwaway } = loadLogSigner(config);
        if (throwaway)
          console.error('gerbang: LOG_KEY_FILE not set: checkpoints are signed by a throwaway key');
        const sequencer = new LogSequencer(db, {
          origin: config.log.origin,
          signer: signer!,
          minCheckpointMs: config.log.intervalMs,
          now: () => new Date(),
        });
        // A restart (after a crash of this process or of a gateway) first takes up every committed row
        // left without a leaf; the `log_state` lock makes each of them exactly one leaf.
        await sequencer.catchUp();
        console.error(
          `gerbang: log sequencer running (a checkpoint at most every ${config.log.intervalMs} ms)`,
        );
        sequencer.start((err) => console.error('gerbang: log sequencer step failed:', err));
        // The sequencer's timer does not hold the process; this wait does, until a signal ends it.
        const hold = setInterval(() => {}, 1 << 30);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        clearInterval(hold);
        await sequencer.stop();
      }),
    );

  log
    .command('checkpoint')
    .description('Print the newest signed checkpoint')
    .action(() =>
      withDb(async (db) => {
        const cp = await latestCheckpoint(db);
        if (!cp) return fail('the log has no signed checkpoint yet');
        process.stdout.write(cp.note);
      }),
    );

  log
    .command('inclusion')
    .description('The inclusion proof of the access record(s) of a request in the newest checkpoint (JSON)')
    .requiredOption('--request-id <id>', 'the request ID of the access record')
    .action((o: { requestId: string }) =>
      withDb(async (db) => {
        const r = await inclusionForRequest(db, o.requestId);
        if (r.proofs.length === 0 && r.pending === 0)
          return fail(`no access record with request ID ${o.requestId}`);
        console.log(JSON.stringify(r, null, 2));
      }),
    );

  log
    .command('consistency')
    .description('The consistency proof between two signed checkpoints (tree sizes OLD ≤ NEW), checked')
    .argument('<old>', 'older tree size')
    .argument('<new>', 'newer tree size')
    .action((oldArg: string, newArg: string) =>
      withDb(async (db) => {
        const [m, n] = [size(oldArg), size(newArg)];
        const [a, b] = [await checkpointOfSize(db, m), await checkpointOfSize(db, n)];
        if (!a || !b) return fail(`no signed checkpoint of size ${!a ? m : n}`);
        const proof = await consistencyBetween(db, m, n);
        const ok = checkConsistency(m, a.rootHash, n, b.rootHash, proof);
        console.log(
          JSON.stringify(
            {
              oldSize: m,
              oldRoot: a.rootHash.toString('base64'),
              newSize: n,
              newRoot: b.rootHash.toString('base64'),
              proof: proof.map((h) => h.toString('base64')),
              verified: ok,
            },
            null,
            2,
          ),
        );
        if (!ok) process.exitCode = 1;
      }),
    );
}

/**
 * The demo's log key: without LOG_KEY_FILE, one kept in the demo's data folder (created on first use), so
 * its checkpoints verify across restarts. Prints where it is and its vkey.
 */
export function withDemoLogKey(config: Config): Config {
  if (config.log.keyFile || config.env === 'production') return config;
  // In the data folder itself (PGlite ignores a foreign file there), so each demo folder has its own key.
  const keyFile = join(resolve(config.dataDir), 'log.key');
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${generateSignerKey(config.log.origin)}\n`, { mode: 0o600, flag: 'wx' });
  }
  console.log(
    `transparency log key: ${keyFile} (vkey ${parseSignerKey(readFileSync(keyFile, 'utf8')).vkey})`,
  );
  return Object.freeze({ ...config, log: Object.freeze({ ...config.log, keyFile }) });
}
