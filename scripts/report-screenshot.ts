/**
 * `npm run report:screenshot`: the picture of a report in docs/explain-and-report.md, kept current. Writes an hour of
 * sample records (tools/report/sample-records.ts), the report page of them with the compiled
 * report command, and a screenshot of its first screens by the system's Chromium into
 * docs/report.png.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { replaceFile } from "../analysis/command/command-line";
import { chromiumArgs, findChromium } from "../tools/browser/chromium";
import { sampleRecords } from "../tools/report/sample-records";

async function main(): Promise<void> {
  const found = findChromium();
  if (!found.ok) throw new Error(found.reason);
  const root = path.join(__dirname, "..", "..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-report-shot-"));
  try {
    const records = path.join(dir, "flow.log");
    fs.writeFileSync(records, sampleRecords().join("\n") + "\n");
    const page = path.join(dir, "report.html");
    // Run where the records are, so that the page names them as a reader would.
    execFileSync(process.execPath, [path.join(__dirname, "report.js"), "--tz", "UTC", path.basename(records), "--out", page], {
      cwd: dir,
      stdio: "inherit",
    });
    const browser = await chromium.launch({ executablePath: found.path, args: chromiumArgs() });
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
      await tab.goto(`file://${page}`);
      const out = path.join(root, "docs", "report.png");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      replaceFile(out, await tab.screenshot());
      process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
