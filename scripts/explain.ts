/** `npm run explain -- ...`: flow-log records in words, conversations judged (tools/explain). */
import { environments } from "../environments";
import { EXPLAIN_USAGE, explainArguments, runExplain } from "../tools/explain/command";
import { answeredHelp, endQuietlyOnClosedPipe } from "./cli";

async function main(): Promise<void> {
  endQuietlyOnClosedPipe();
  if (answeredHelp(process.argv.slice(2), EXPLAIN_USAGE)) return;
  try {
    const counts = await runExplain(explainArguments(process.argv.slice(2), environments), process.stdout, process.stderr);
    // Lines that were not records are reported and counted: the run says so in its exit code.
    if (counts.problems > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}

void main();
