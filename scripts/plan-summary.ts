/** `npm run plan:summary -- ...`: markdown of plans for a pull-request comment (tools/plan-review). */
import { PLAN_SUMMARY_USAGE, summaryFromArguments } from "../tools/plan-review/summary";
import { answeredHelp, endQuietlyOnClosedPipe, runInUserFolder } from "../analysis/command/command-line";

runInUserFolder("plan:summary");
const args = process.argv.slice(2);
endQuietlyOnClosedPipe();
if (!answeredHelp(args, PLAN_SUMMARY_USAGE)) {
  try {
    process.stdout.write(summaryFromArguments(args));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
