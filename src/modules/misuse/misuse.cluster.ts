import { ask, DETECT, WINDOWS, type Op, type StoreName } from '../../lib/cluster-ipc.ts';
import { BatchingDetector, type DetectorCall, type Finding } from './misuse.engine.ts';
import type { WindowEvent, WindowStore } from './misuse.window.ts';

/** A worker's view of a window store the primary holds: every operation is one IPC round trip. */
export class ClusterWindowStore implements WindowStore {
  constructor(private readonly store: StoreName) {}

  private call<T>(op: Op, args: unknown[]): Promise<T> {
    return ask(WINDOWS, { store: this.store, op, args }) as Promise<T>;
  }
  record(key: string, event: WindowEvent, keepMs: number, cap: number): Promise<WindowEvent[]> {
    return this.call('record', [key, event, keepMs, cap]);
  }
  claim(key: string, ttlMs: number, now: number): Promise<boolean> {
    return this.call('claim', [key, ttlMs, now]);
  }
  isClaimed(key: string, now: number): Promise<boolean> {
    return this.call('isClaimed', [key, now]);
  }
  release(key: string): Promise<void> {
    return this.call('release', [key]);
  }
  async close(): Promise<void> {
    // The primary's stores outlive a worker.
  }
}

/** A worker's detector: its hits go to the primary in batches, which runs them on the shared windows. */
export const clusterDetector = (): BatchingDetector =>
  new BatchingDetector((calls: DetectorCall[]) => ask(DETECT, { args: [calls] }) as Promise<Finding[][]>);
