/** `npm run explain -- ...`: flow-log records in words, conversations judged (constructs/explain/main.ts). */
import { validateEnvironments } from "../constructs/config/validation/environment";
import { explainMain } from "../constructs/explain/main";
import { APP_OPTIONS, environments } from "../environments";

/** This app's environments' record formats, by name, for `--env` (validated only when it is given). */
function formatsFor(argv: readonly string[]) {
  if (!argv.includes("--env")) return new Map();
  return new Map(validateEnvironments(environments, APP_OPTIONS).map((e) => [e.name, e.flowLogs.format]));
}

const argv = process.argv.slice(2);
void explainMain(argv, formatsFor(argv));
