/** `npm run cost -- ...`: monthly estimates of the environments or of synthesized stacks (tools/cost). */
import { COST_USAGE, runCost } from "../tools/cost/command";
import { answeredHelp, endQuietlyOnClosedPipe, runInUserFolder } from "../analysis/command/command-line";

runInUserFolder("cost");
const args = process.argv.slice(2);
endQuietlyOnClosedPipe();
if (!answeredHelp(args, COST_USAGE)) {
  try {
    // Read here, inside the try: a data file among them that cannot be read is a message, not a stack trace.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { APP_OPTIONS, environments } = require("../environments") as typeof import("../environments");
    const { output, failed } = runCost(args, { environments, ...APP_OPTIONS });
    process.stdout.write(output);
    if (failed) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
