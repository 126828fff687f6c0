/**
 * `npm run bench`: synthesizes from compiled JS, each scenario in a fresh Node process, and
 * prints wall time and peak memory (max RSS) for each:
 *   - floor: loading cdktf and the modules the app imports, and nothing else: what no synth can
 *     go under, measured in the same run, so that what synth costs above it reads as a difference;
 *   - examples: every example environment plus state-bootstrap, built and synthesized by `runApp`
 *     as `main.ts` does (what `cdktf synth` runs);
 *   - generated-50: 50 generated environments of varied shape;
 *   - archive-50, archive-500: the organisation's archive stack over 50 and 500 generated member
 *     accounts in 17 regions (validated, then the archive alone synthesized): it grows linearly;
 *   - explain-1m: 1,000,000 generated record lines through `npm run explain`'s pipeline (read,
 *     explained, conversations judged, rendered to a sink): records per second, and peak memory,
 *     which stays flat because records are streamed.
 * Budget (2 cores): examples < 1 s and < 150 MB; 50 environments < 5 s; explain-1m < 400 MB, the same as for 100,000 records (GC slack, not records held).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
import { generatedEnvironments, generatedMembers } from "../tools/bench/generated-environments";
import { generatedRecordChunks } from "../tools/bench/generated-records";

type Scenario = "floor" | "examples" | "generated-50" | "archive-50" | "archive-500" | "explain-1m";
const BUDGET: Record<Scenario, { ms?: number; mb?: number }> = {
  floor: {},
  examples: { ms: 1000, mb: 150 },
  "generated-50": { ms: 5000 },
  "archive-50": {},
  "archive-500": { ms: 5000 },
  "explain-1m": { mb: 400 },
};
const EXPLAIN_RECORDS = 1_000_000;

/** Child: the explain pipeline over generated records, into a sink. */
async function explainChild(): Promise<void> {
  const start = process.hrtime.bigint();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { explainArguments, runExplain } = require("../constructs/explain/command") as typeof import("../constructs/explain/command");
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const counts = await runExplain(explainArguments([]), sink, sink, Readable.from(generatedRecordChunks(EXPLAIN_RECORDS)));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, stacks: counts.records, maxRssKb: process.resourceUsage().maxRSS }));
}

/** Child: synthesizes one scenario into a temp dir and reports its own figures as JSON. */
function child(scenario: Scenario): void {
  if (scenario === "explain-1m") {
    void explainChild();
    return;
  }
  const start = process.hrtime.bigint();
  // Loaded here so that module loading counts in the figures, as in a real `cdktf synth`.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require("cdktf") as typeof import("cdktf");
  const { addEnvironmentStacks } = require("../constructs/stacks/app") as typeof import("../constructs/stacks/app");
  const { runApp } = require("../constructs/stacks/synth") as typeof import("../constructs/stacks/synth");
  const examples = require("../environments") as typeof import("../environments");
  if (scenario === "floor") {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(JSON.stringify({ ms, stacks: 0, maxRssKb: process.resourceUsage().maxRSS }));
    return;
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-bench-"));
  const app = new App({ outdir });
  if (scenario === "archive-50" || scenario === "archive-500") {
    // The organisation's archive alone, over generated members (their own stacks are generated-50's).
    const members = generatedMembers(scenario === "archive-50" ? 50 : 500);
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { LogArchiveStack } =
      require("../constructs/stacks/log-archive-stack") as typeof import("../constructs/stacks/log-archive-stack");
    const { validateEnvironments } =
      require("../constructs/config/validation/environment") as typeof import("../constructs/config/validation/environment");
    const logArchive = examples.APP_OPTIONS.logArchive;
    runApp(app, () => new LogArchiveStack(app, { archive: logArchive!, environments: validateEnvironments(members, { logArchive }) }), {
      write: () => undefined,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    fs.rmSync(outdir, { recursive: true, force: true });
    process.stdout.write(JSON.stringify({ ms, stacks: members.length, maxRssKb: process.resourceUsage().maxRSS }));
    return;
  }
  const envs = scenario === "examples" ? examples.environments : (generatedEnvironments(50) as typeof examples.environments);
  // As main.ts runs it (warnings, which the app prints under plain node, into a sink).
  runApp(app, () => addEnvironmentStacks(app, envs, examples.APP_OPTIONS), { write: () => undefined });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stacks = fs.readdirSync(path.join(outdir, "stacks")).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ ms, stacks, maxRssKb: process.resourceUsage().maxRSS }));
}

function parent(): number {
  const rows: string[] = [];
  let failed = false;
  let floor: { wallMs: number; mb: number } | undefined;
  for (const scenario of Object.keys(BUDGET) as Scenario[]) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [__filename, "--child", scenario], { encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) {
      console.error(`${scenario}: failed\n${r.stderr}`);
      return 1;
    }
    const c = JSON.parse(r.stdout) as { ms: number; stacks: number; maxRssKb: number };
    const mb = c.maxRssKb / 1024;
    const b = BUDGET[scenario];
    const ok = (b.ms === undefined || wallMs < b.ms) && (b.mb === undefined || mb < b.mb);
    failed ||= !ok;
    const budget =
      [b.ms ? `< ${b.ms} ms` : "", b.mb ? `< ${b.mb} MB` : ""].filter(Boolean).join(", ") ||
      (scenario === "floor" ? "none: the floor" : "none");
    if (scenario === "floor") floor = { wallMs, mb };
    const above =
      floor && scenario !== "floor" && scenario !== "explain-1m"
        ? `; above the floor ${(wallMs - floor.wallMs).toFixed(0)} ms, ${(mb - floor.mb).toFixed(0)} MB`
        : "";
    const rate = scenario === "explain-1m" ? `   ${Math.round(c.stacks / (c.ms / 1000)).toLocaleString("en-US")} records/s` : "";
    rows.push(
      `${scenario.padEnd(13)} ${String(c.stacks).padStart(7)} ${wallMs.toFixed(0).padStart(9)} ${c.ms.toFixed(0).padStart(9)} ${mb.toFixed(0).padStart(8)}   ` +
        `${ok ? "ok" : "OVER"} (budget ${budget})${above}${rate}`,
    );
  }
  console.log(
    `Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log("scenario       stacks/  wall ms   run ms  peak MB\n              records");
  for (const r of rows) console.log(r);
  return failed ? 1 : 0;
}

if (require.main === module) {
  if (process.argv[2] === "--child") child(process.argv[3] as Scenario);
  else process.exitCode = parent();
}
