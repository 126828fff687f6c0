/** `npm run report -- ... --out report.html`: a page of what the records show (constructs/report/main.ts). */
import { runInUserFolder } from "../analysis/command/command-line";
import { reportMain } from "../analysis/report/main";
import { environmentFormats } from "./environment-formats";

runInUserFolder();
const argv = process.argv.slice(2);
void reportMain(argv, environmentFormats(argv));
