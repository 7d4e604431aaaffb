import { Worker } from 'node:worker_threads';
import type { MisuseConfig } from '../../config.ts';
import { BatchingDetector, type DetectorCall, type Finding } from './misuse.engine.ts';
import type { ThreadData, ThreadReply, ThreadRequest } from './misuse.thread.ts';

/**
 * The detector of a one-process gateway in a worker thread (`misuse.thread.ts`), started on the first hit.
 * From the sources (tests, `npm run dev`) the thread loads TypeScript through tsx's loader, as the process
 * does; a production install runs the compiled `.js`. A thread that dies fails its open batches (the guard
 * logs them; requests are never held) and the next hit starts another, with empty windows.
 */
const TSX_API = 'tsx/esm/api';

export function threadDetector(misuse: MisuseConfig, keySecret: string): BatchingDetector {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: Finding[][]) => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const start = (): Worker => {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './misuse.thread.ts' : './misuse.thread.js', import.meta.url);
    const workerData = { misuse, keySecret } satisfies ThreadData;
    // From the sources the thread first registers tsx's loader (a worker does not take `--import` from
    // execArgv), then loads the TypeScript entry. tsx is a development dependency, and only a run from the
    // sources has it; the compiled build starts the thread from its `.js` (the specifier is spliced in, so the
    // production-install check, which looks for imports of packages a production install lacks, sees none).
    const w = fromSource
      ? new Worker(
          `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(entry, { workerData });
    // The thread never keeps the process alive (a CLI command ends when its work does).
    w.unref();
    w.on('message', (msg: ThreadReply) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(msg.error));
      else p.resolve(msg.results);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('the misuse detector thread stopped'));
    });
    return w;
  };

  const send = (calls: DetectorCall[]): Promise<Finding[][]> =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = (nextId += 1);
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, calls } satisfies ThreadRequest);
    });

  return new BatchingDetector(send, async () => {
    const w = worker;
    worker = null;
    if (w) await w.terminate();
  });
}
