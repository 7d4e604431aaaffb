import cluster from 'node:cluster';

/**
 * The IPC protocol between gateway workers and the primary of `gerbang serve` with several processes
 * (src/cluster.ts): a worker asks, the primary answers, matched by a request number. Kept apart from the
 * runner so that modules (the misuse store, the metrics route) can ask without importing the server.
 */

export const WINDOWS = 'gerbang:windows';
export const METRICS = 'gerbang:metrics';
/** A batch of misuse detector calls, run by the primary on its windows (`misuse.engine.ts`). */
export const DETECT = 'gerbang:detect';
export type StoreName = 'misuse' | 'replay';
export type Op = 'record' | 'claim' | 'isClaimed' | 'release';

export interface Request {
  t: typeof WINDOWS | typeof METRICS | typeof DETECT;
  id: number;
  store?: StoreName;
  op?: Op;
  args?: unknown[];
}
export interface Reply {
  t: typeof WINDOWS | typeof METRICS | typeof DETECT;
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Whether this process is a forked gateway worker (its windows and metrics are the primary's). */
export const isGatewayWorker = (): boolean => cluster.isWorker && process.env.GERBANG_GATEWAY_WORKER === '1';

let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let listening = false;

export function ask(t: Request['t'], fields: Omit<Request, 't' | 'id'> = {}): Promise<unknown> {
  if (!listening) {
    listening = true;
    process.on('message', (msg: Reply) => {
      if (msg?.t !== WINDOWS && msg?.t !== METRICS && msg?.t !== DETECT) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error ?? 'the primary process failed'));
    });
    process.once('disconnect', () => {
      for (const p of pending.values()) p.reject(new Error('the primary process is gone'));
      pending.clear();
    });
  }
  return new Promise((resolve, reject) => {
    if (!process.connected) return reject(new Error('the primary process is gone'));
    const id = (nextId += 1);
    pending.set(id, { resolve, reject });
    process.send!({ t, id, ...fields } satisfies Request);
  });
}

/** The metrics of every gateway process, summed by the primary (prom-client's cluster aggregation). */
export async function clusterMetrics(): Promise<string> {
  return (await ask(METRICS)) as string;
}
