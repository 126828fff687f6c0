/** `npm run explain -- ...`: flow-log records in words, conversations judged (constructs/explain/command.ts). */
import { validateEnvironments } from "../constructs/config/validation/environment";
import { EXPLAIN_USAGE, explainArguments, runExplain } from "../constructs/explain/command";
import { APP_OPTIONS, environments } from "../environments";
import { answeredHelp, endQuietlyOnClosedPipe } from "./cli";

/** This app's environments' record formats, by name, for `--env` (validated only when it is given). */
function formatsFor(argv: readonly string[]) {
  if (!argv.includes("--env")) return new Map();
  return new Map(validateEnvironments(environments, APP_OPTIONS).map((e) => [e.name, e.flowLogs.format]));
}

async function main(): Promise<void> {
  endQuietlyOnClosedPipe();
  const argv = process.argv.slice(2);
  if (answeredHelp(argv, EXPLAIN_USAGE)) return;
  try {
    const counts = await runExplain(explainArguments(argv, formatsFor(argv)), process.stdout, process.stderr);
    // Lines that were not records are reported and counted: the run says so in its exit code.
    if (counts.problems > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}

void main();
