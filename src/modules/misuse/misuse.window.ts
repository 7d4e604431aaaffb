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

/** One process's windows: a Map used as an LRU (re-inserted on use, oldest key evicted past `maxKeys`). */
export class MemoryWindowStore implements WindowStore {
  private readonly windows = new Map<string, WindowEvent[]>();
  private readonly claims = new Map<string, number>();

  constructor(private readonly maxKeys: number) {}

  async record(key: string, event: WindowEvent, keepMs: number, cap: number): Promise<WindowEvent[]> {
    const window = this.windows.get(key) ?? [];
    this.windows.delete(key);
    const since = event.at - keepMs;
    let start = 0;
    while (start < window.length && window[start]!.at < since) start += 1;
    window.splice(0, Math.max(start, window.length + 1 - cap));
    window.push(event);
    this.windows.set(key, window);
    evict(this.windows, this.maxKeys);
    // A copy: the caller reads it after other requests may have moved the window on.
    return window.slice();
  }

  async claim(key: string, ttlMs: number, now: number): Promise<boolean> {
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.delete(key);
    this.claims.set(key, now + ttlMs);
    // Claims are made in time order, so expired ones sit at the front; past the cap the oldest go first.
    for (const [k, u] of this.claims) {
      if (u > now && this.claims.size <= this.maxKeys) break;
      this.claims.delete(k);
    }
    return true;
  }

  async isClaimed(key: string, now: number): Promise<boolean> {
    const until = this.claims.get(key);
    return until !== undefined && until > now;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.claims.clear();
  }

  /** Keys and events held (tests: the memory bound). */
  get size(): { windows: number; claims: number; events: number } {
    let events = 0;
    for (const w of this.windows.values()) events += w.length;
    return { windows: this.windows.size, claims: this.claims.size, events };
  }
}

function evict<V>(map: Map<string, V>, maxKeys: number): void {
  while (map.size > maxKeys) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
