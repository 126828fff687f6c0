/**
 * The explain command's program: the runner (help, the command line, exit codes: 0; 1 when a
 * line or a file was not read as records; 2 for a bad argument) around the run. `npm run
 * explain` runs it with this repository's environments for `--env`; the package's
 * `vpc-flow-log-explain` with `--stack`.
 */
import type { RecordFormat } from "../../constructs/records/record-format";
import { runCommand, type CommandSpec } from "../command/runner";
import { EXPLAIN_COMMAND, explainArgumentsOf } from "./arguments";
import { runExplain } from "./command";

export { formatOfStack, withStackFormat } from "./stack-format";

/** Runs the command `spec` on `argv`; `formats` are the record formats `--env` may name. */
export async function explainMain(
  argv: readonly string[],
  formats: ReadonlyMap<string, RecordFormat> = new Map(),
  spec: CommandSpec = EXPLAIN_COMMAND,
): Promise<void> {
  await runCommand(spec, argv, async (parsed) => {
    const counts = await runExplain(explainArgumentsOf(parsed, formats), process.stdout, process.stderr);
    // Lines that were not records are reported and counted: the run says so in its exit code.
    return counts.problems > 0 ? 1 : 0;
  });
}
