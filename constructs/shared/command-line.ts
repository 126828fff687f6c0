/**
 * What the command-line entries (the scripts, and the shipped explain and report commands) do
 * the same way: answer `--help`, end quietly when their reader goes away, and (those that stream
 * records) bound their heap's growth.
 */
import * as v8 from "node:v8";

/** Prints `usage` and returns true when the arguments ask for help (`--help`, `-h`). */
export function answeredHelp(args: readonly string[], usage: string): boolean {
  if (!args.some((a) => a === "--help" || a === "-h")) return false;
  process.stdout.write(usage.endsWith("\n") ? usage : `${usage}\n`);
  return true;
}

/** A reader that goes away (`| head`) ends the output, not the program with an EPIPE stack trace. */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}

/**
 * For the programs that stream records (explain, report): between full collections the heap
 * grows to at most twice what it held, where V8 lets a program on a machine with gigabytes grow
 * it fourfold. What these programs hold is small (open conversations, bounded tallies: about 30
 * MB on a million records), but every conversation outlives the young generation and dies old,
 * so the fourfold heap is mostly garbage. On 1,000,071 records `--summary` peaked at 197-228
 * MB and a report at 214-234 MB; with this, 153-156 and 162-173 MB, in the same time within the
 * machine's noise (`npm run bench`: summary-1m, report-1m). V8 reads the setting at each
 * collection. Only the programs call it: a process that imports the library keeps its own.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString("--heap-growing-percent=100");
}
