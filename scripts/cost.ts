/** `npm run cost -- ...`: monthly estimates of the environments or of synthesized stacks (tools/cost). */
import { costFromArguments } from "../tools/cost/command";

try {
  process.stdout.write(costFromArguments(process.argv.slice(2)));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
