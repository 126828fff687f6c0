/** `npm run cost -- ...`: monthly estimates of the environments or of synthesized stacks (tools/cost). */
import { COST_USAGE, costFromArguments } from "../tools/cost/command";
import { answeredHelp, endQuietlyOnClosedPipe } from "./cli";

const args = process.argv.slice(2);
endQuietlyOnClosedPipe();
if (!answeredHelp(args, COST_USAGE)) {
  try {
    process.stdout.write(costFromArguments(args));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
