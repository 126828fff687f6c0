/** `npm run plan:summary -- ...`: markdown of plans for a pull-request comment (tools/plan-review). */
import { summaryFromArguments } from "../tools/plan-review/summary";

try {
  process.stdout.write(summaryFromArguments(process.argv.slice(2)));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
