/**
 * The report command's program: the runner (help, the command line, exit codes: 0; 1 when a
 * line or a file was not read as records; 2 for a bad argument) around the run. `npm run report`
 * runs it with this repository's environments for `--env`; the package's `vpc-flow-log-report`
 * with `--stack`.
 */
import type { RecordFormat } from "../../constructs/records/record-format";
import { runCommand, type CommandSpec } from "../command/runner";
import { counted } from "../explain/command";
import { REPORT_COMMAND, reportArgumentsOf, runReport } from "./command";

/** Runs the command `spec` on `argv`; `formats` are the record formats `--env` may name. */
export async function reportMain(
  argv: readonly string[],
  formats: ReadonlyMap<string, RecordFormat> = new Map(),
  spec: CommandSpec = REPORT_COMMAND,
): Promise<void> {
  await runCommand(spec, argv, async (parsed) => {
    const args = reportArgumentsOf(parsed, formats);
    const counts = await runReport(args);
    process.stderr.write(
      counts.bytes === 0
        ? `${args.out}: not written: no record to show\n`
        : `${args.out}: ${counts.rows > 0 && counts.records === 0 ? `${counted(counts.rows, "row")} of a verdict query's result` : `${counted(counts.records, "record")}, ${counted(counts.conversations, "conversation")}`}, ${counted(counts.problems, "problem")}; ${(counts.bytes / 1024).toFixed(0)} KiB\n`,
    );
    return counts.problems > 0 ? 1 : 0;
  });
}
