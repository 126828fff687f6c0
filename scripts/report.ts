/** `npm run report -- ... --out report.html`: a page of what the records show (analysis/report/main.ts). */
import { runInUserFolder } from "../analysis/command/command-line";
import { reportMain } from "../analysis/report/main";
import { environmentFormats } from "./environment-formats";

runInUserFolder("report");
const argv = process.argv.slice(2);
// This repository's environments, read only for --env; a file among them that cannot be read is said in words.
let formats: ReturnType<typeof environmentFormats> | undefined;
try {
  formats = environmentFormats(argv);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
}
if (formats) void reportMain(argv, formats);
