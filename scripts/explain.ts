/** `npm run explain -- ...`: flow-log records in words, conversations judged (tools/explain). */
import { explainArguments, runExplain } from "../tools/explain/command";

async function main(): Promise<void> {
  // A reader that goes away (`| head`) ends the output, not the program with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
  try {
    const counts = await runExplain(explainArguments(process.argv.slice(2)), process.stdout, process.stderr);
    // Lines that were not records are reported and counted: the run says so in its exit code.
    if (counts.problems > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}

void main();
