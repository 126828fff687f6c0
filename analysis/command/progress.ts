/**
 * Progress of a long reading, on a terminal only: files and bytes read, records and records a
 * second, on one line of standard error that is rewritten in place (at most a few times a
 * second) and cleared at the end. Never in a pipe or a CI log, where it would be noise.
 */
import * as fs from "node:fs";
import type { Writable } from "node:stream";

/** How often the line is rewritten, at most. */
const EVERY_MS = 250;

export class Progress {
  private readonly sizes: readonly number[];
  private readonly total: number;
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  /** A progress line on `err` when it is a terminal, for reading `files` (`-` is standard input); undefined otherwise. */
  static on(err: Writable, files: readonly string[]): Progress | undefined {
    return (err as { isTTY?: boolean }).isTTY ? new Progress(err, files) : undefined;
  }

  private constructor(
    private readonly err: Writable,
    private readonly files: readonly string[],
  ) {
    this.sizes = files.map((f) => {
      try {
        return f === "-" ? 0 : fs.statSync(f).size;
      } catch {
        return 0;
      }
    });
    this.total = this.sizes.reduce((a, b) => a + b, 0);
  }

  /** Says where the reading is: `file` files done (the one being read is the next), `records` read. */
  update(filesDone: number, records: number, now = Date.now()): void {
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    const read = this.sizes.slice(0, filesDone).reduce((a, b) => a + b, 0);
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const mb = (n: number) => (n / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 });
    const line =
      `file ${Math.min(filesDone + 1, this.files.length)} of ${this.files.length}` +
      (this.total > 0 ? `, ${mb(read)} of ${mb(this.total)} MB` : "") +
      `, ${records.toLocaleString("en-US")} records, ${Math.round(records / seconds).toLocaleString("en-US")} records/s`;
    this.err.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  /** Clears the line (before anything else is written to standard error). */
  clear(): void {
    if (this.shown) this.err.write("\r\x1b[K");
    this.shown = false;
  }
}
