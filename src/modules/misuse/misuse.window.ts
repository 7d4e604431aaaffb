import { LRUCache } from 'lru-cache';

/**
 * Sliding windows of recent requests, and one-time claims, behind one small interface: in process memory
 * (`MemoryWindowStore`, one process) or in Redis (`RedisWindowStore`, shared by every process). Memory is
 * bounded either way: a fixed cap of entries per key, entries older than the window dropped, and a cap on
 * keys (memory: least recently used evicted; Redis: every key expires with its window).
 */
export interface WindowEvent {
  /** Epoch milliseconds (the access path's clock). */
  at: number;
  nik: string;
  accountId: string;
}

export interface WindowStore {
  /**
   * Adds `event` to the window `key`, drops entries older than `event.at - keepMs` and all but the newest
   * `cap`, and answers the window as it now is, oldest first (the new event included).
   */
  record(key: string, event: WindowEvent, keepMs: number, cap: number): Promise<WindowEvent[]>;
  /** Claims `key` for `ttlMs` from `now`: true the first time, false while an earlier claim holds. */
  claim(key: string, ttlMs: number, now: number): Promise<boolean>;
  /** Whether `key` is claimed at `now`. */
  isClaimed(key: string, now: number): Promise<boolean>;
  /** Drops a claim (e.g. a throttle lifted by an officer). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One process's windows and claims, each in an LRU cache of at most `maxKeys` keys (lru-cache: a plain
 * `Map` re-inserted on use works, but finding its oldest key after many deletions walks over the deleted
 * slots, which under a stream of new keys cost more than the detection itself).
 */
export class MemoryWindowStore implements WindowStore {
  // Made on first use: a cache allocates its `maxKeys` slots up front (the replay store, which only
  // claims, would otherwise hold an unused window cache of 200,000 slots and take longer to start).
  private windowCache: LRUCache<string, WindowEvent[]> | undefined;
  /** Claim → the time it lapses. Claims are not moved on reading, so the oldest claim goes first. */
  private claimCache: LRUCache<string, number> | undefined;

  constructor(private readonly maxKeys: number) {}

  private get windows(): LRUCache<string, WindowEvent[]> {
    return (this.windowCache ??= new LRUCache({ max: this.maxKeys }));
  }

  private get claims(): LRUCache<string, number> {
    return (this.claimCache ??= new LRUCache({ max: this.maxKeys }));
  }

  async record(key: string, event: WindowEvent, keepMs: number, cap: number): Promise<WindowEvent[]> {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = []));
    const since = event.at - keepMs;
    let start = 0;
    while (start < window.length && window[start]!.at < since) start += 1;
    window.splice(0, Math.max(start, window.length + 1 - cap));
    window.push(event);
    // A copy: the caller reads it after other requests may have moved the window on.
    return window.slice();
  }

  async claim(key: string, ttlMs: number, now: number): Promise<boolean> {
    const until = this.claims.peek(key);
    if (until !== undefined && until > now) return false;
    this.claims.delete(key);
    this.claims.set(key, now + ttlMs);
    return true;
  }

  async isClaimed(key: string, now: number): Promise<boolean> {
    const until = this.claims.peek(key);
    return until !== undefined && until > now;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }

  async close(): Promise<void> {
    this.windowCache?.clear();
    this.claimCache?.clear();
  }

  /** Keys and events held (tests: the memory bound). */
  get size(): { windows: number; claims: number; events: number } {
    let events = 0;
    for (const w of this.windowCache?.values() ?? []) events += w.length;
    return { windows: this.windowCache?.size ?? 0, claims: this.claimCache?.size ?? 0, events };
  }
}
