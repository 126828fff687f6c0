/** `npm run report -- ... --out report.html`: a page of what the records show (constructs/report/main.ts). */
import { validateEnvironments } from "../constructs/config/validation/environment";
import { reportMain } from "../constructs/report/main";
import { APP_OPTIONS, environments } from "../environments";

/** This app's environments' record formats, by name, for `--env` (validated only when it is given). */
function formatsFor(argv: readonly string[]) {
  if (!argv.includes("--env")) return new Map();
  return new Map(validateEnvironments(environments, APP_OPTIONS).map((e) => [e.name, e.flowLogs.format]));
}

const argv = process.argv.slice(2);
void reportMain(argv, formatsFor(argv));
