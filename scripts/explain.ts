/** `npm run explain -- ...`: flow-log records in words, conversations judged (constructs/explain/main.ts). */
import { runInUserFolder } from "../analysis/command/command-line";
import { explainMain } from "../analysis/explain/main";
import { environmentFormats } from "./environment-formats";

runInUserFolder();
const argv = process.argv.slice(2);
void explainMain(argv, environmentFormats(argv));
