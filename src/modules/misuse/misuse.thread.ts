import { parentPort, workerData } from 'node:worker_threads';
import type { MisuseConfig } from '../../config.ts';
import { MisuseEngine, runCalls, type DetectorCall } from './misuse.engine.ts';
import { MemoryWindowStore } from './misuse.window.ts';

/**
 * The misuse detector's worker thread (one per one-process gateway, `misuse.thread-client.ts`): the windows
 * and the patterns live here, off the request thread. It answers each batch of calls in the order they came.
 */
export interface ThreadData {
  misuse: MisuseConfig;
  keySecret: string;
}
export interface ThreadRequest {
  id: number;
  calls: DetectorCall[];
}
export type ThreadReply =
  { id: number; results: Awaited<ReturnType<typeof runCalls>> } | { id: number; error: string };

const data = workerData as ThreadData;
const engine = new MisuseEngine({
  store: new MemoryWindowStore(data.misuse.maxKeys),
  misuse: data.misuse,
  keySecret: data.keySecret,
});
let turn: Promise<void> = Promise.resolve();
parentPort!.on('message', (msg: ThreadRequest) => {
  turn = turn.then(async () => {
    let reply: ThreadReply;
    try {
      reply = { id: msg.id, results: await runCalls(engine, msg.calls) };
    } catch (err) {
      reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(reply);
  });
});
