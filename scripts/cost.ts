/** `npm run cost -- ...`: monthly estimates of the environments or of synthesized stacks (tools/cost). */
import { APP_OPTIONS, environments } from "../environments";
import { COST_USAGE, runCost } from "../tools/cost/command";
import { answeredHelp, endQuietlyOnClosedPipe, runInUserFolder } from "../analysis/command/command-line";

runInUserFolder();
const args = process.argv.slice(2);
endQuietlyOnClosedPipe();
if (!answeredHelp(args, COST_USAGE)) {
  try {
    const { output, failed } = runCost(args, { environments, ...APP_OPTIONS });
    process.stdout.write(output);
    if (failed) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
