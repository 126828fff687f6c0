/**
 * The report command's program: help, arguments, the run, and its exit code (0; 1 when a line or
 * a file was not read as records; 2 for a bad argument). `npm run report` runs it with this
 * repository's environments for `--env`; the package's `vpc-flow-log-report` with `--stack`.
 */
import type { RecordFormat } from "../records/record-format";
import { answeredHelp, boundHeapGrowth } from "../shared/command-line";
import { REPORT_USAGE, reportArguments, runReport } from "./command";

/** Runs the command on `argv`; `formats` are the record formats `--env` may name. */
export async function reportMain(argv: readonly string[], formats: ReadonlyMap<string, RecordFormat> = new Map()): Promise<void> {
  if (answeredHelp(argv, REPORT_USAGE)) return;
  boundHeapGrowth();
  try {
    const args = reportArguments(argv, formats);
    const counts = await runReport(args);
    process.stderr.write(
      `${args.out}: ${counts.records} records, ${counts.conversations} conversations, ${counts.problems} problems; ${(counts.bytes / 1024).toFixed(0)} KiB\n`,
    );
    if (counts.problems > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}
