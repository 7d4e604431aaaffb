import type { Db } from '../../db/db.ts';
import { RegionIndex } from '../regions/regions.repo.ts';
import { findResidentRecords } from './residents.repo.ts';
import type { ResidentRecord } from './residents.types.ts';

interface Waiting {
  nik: string;
  resolve: (record: ResidentRecord | null) => void;
  reject: (err: unknown) => void;
}

/**
 * The access path's record reads, coalesced: a read asked for while `maxInFlight` statements are already
 * out waits, and the next statement takes every waiting NIK at once (`WHERE nik = ANY($1)`, up to
 * `maxBatch`). Under light load each read is its own statement at once (no timer, no added latency); under
 * heavy load one round trip carries dozens — the same idea as the audit's group commit. Each caller gets
 * exactly the record of its own NIK.
 *
 * Written here rather than taken from a library: the batching is a dozen lines tied to this one statement
 * (and a DataLoader-style per-tick batch would wait a tick even when the database is idle).
 */
export class ResidentReader {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private readonly regions: RegionIndex;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    opts: { maxInFlight?: number; maxBatch?: number } = {},
  ) {
    this.regions = new RegionIndex(db);
    this.maxInFlight = opts.maxInFlight ?? 2;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  read(nik: string): Promise<ResidentRecord | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ nik, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const found = await findResidentRecords(this.db, this.regions, [...new Set(batch.map((w) => w.nik))]);
      for (const w of batch) w.resolve(found.get(w.nik) ?? null);
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
