/**
 * Counts by key in bounded memory: exact while the keys fit, then the heaviest kept. When the
 * table grows past twice its limit, the lightest entries are dropped down to the limit, and the
 * weight dropped is added up: a key seen again after being dropped starts from nothing, so a
 * figure may be low by at most the total dropped (a key lost weight only in its own drops), and
 * a key whose true weight is above that total is never missing. The reader is told, with the bound.
 */
import { detached } from "./detached";

/** What a tally dropped to stay bounded. */
export interface TallyLoss {
  /** Entries dropped, over the whole reading. */
  readonly dropped: number;
  /** The total weight of the entries dropped: the most any figure may be low. */
  readonly bound: number;
}

export class BoundedTally<T> {
  private readonly entries = new Map<string, T>();
  private droppedEntries = 0;
  private bound = 0;

  constructor(
    /** Entries kept after a pruning (twice as many may be held between prunings). */
    readonly limit: number,
    /** An entry's weight: what ranks it. */
    private readonly weight: (entry: T) => number,
  ) {}

  /** The entry of a key, made by `make` (given a key of its own, not a slice) when there is none. */
  entry(key: string, make: () => T): T {
    let e = this.entries.get(key);
    if (e === undefined) {
      if (this.entries.size >= 2 * this.limit) this.prune();
      e = make();
      this.entries.set(detached(key), e);
    }
    return e;
  }

  /** Every entry kept. */
  values(): IterableIterator<T> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }

  /** What was dropped, or undefined when the tally is exact. */
  get loss(): TallyLoss | undefined {
    return this.droppedEntries === 0 ? undefined : { dropped: this.droppedEntries, bound: this.bound };
  }

  private prune(): void {
    const ranked = [...this.entries].sort((a, b) => this.weight(b[1]) - this.weight(a[1]));
    for (const [key, e] of ranked.slice(this.limit)) {
      this.bound += this.weight(e);
      this.entries.delete(key);
      this.droppedEntries++;
    }
  }
}
