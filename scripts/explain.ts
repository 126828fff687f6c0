/** `npm run explain -- ...`: flow-log records in words, conversations judged (analysis/explain/main.ts). */
import { runInUserFolder } from "../analysis/command/command-line";
import { explainMain } from "../analysis/explain/main";
import { environmentFormats } from "./environment-formats";

runInUserFolder("explain");
const argv = process.argv.slice(2);
// This repository's environments, read only for --env; a file among them that cannot be read is said in words.
let formats: ReturnType<typeof environmentFormats> | undefined;
try {
  formats = environmentFormats(argv);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
}
if (formats) void explainMain(argv, formats);
