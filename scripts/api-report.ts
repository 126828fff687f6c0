/** `npm run api`: writes docs/api/*.api.md, the public API of each entry point, from the built declarations. */
import * as path from "node:path";
import { answeredHelp } from "../analysis/command/command-line";
import { API_FOLDER, apiReports } from "../tools/api/report";

const USAGE = `usage: npm run api

Builds the package and writes ${API_FOLDER}/<entry>.api.md, what a consumer of each entry point
(the constructs, ./explain, ./environments) can name, with API Extractor. Commit what changes:
a test fails while a report differs from the build.`;

const root = path.resolve(__dirname, "..", "..");
if (!answeredHelp(process.argv.slice(2), USAGE)) {
  try {
    const reports = apiReports(root, { update: true });
    for (const r of reports) for (const p of r.problems) console.error(`${r.report}: ${p}`);
    for (const r of reports) if (r.changed) console.log(`wrote ${API_FOLDER}/${r.report}.api.md`);
    if (reports.some((r) => r.problems.length > 0)) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
