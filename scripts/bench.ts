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
 *   - read-split-193k, read-split-1m: the bare loop every reader of records runs (a file read
 *     line by line, each line split at its blanks) over 193,003 and 1,000,071 generated record
 *     lines (conversations of 50 interfaces, request and reply, 1 in 7 refused): the floor the
 *     explainer is measured against, in the same run;
 *   - explain-193k, explain-1m (and -json): the same file through the explain command's whole
 *     pipeline (read, explained, conversations judged, rendered, encoded, written to a sink), in
 *     text and in --json: the time as a multiple of the bare loop's, and peak memory;
 *   - explain-1m-rejected: the same million records with `--action REJECT`: only rejected records
 *     and refused conversations are written, but every record is judged (a filter chooses what is
 *     shown, never what a verdict is judged from), so memory is that of the whole;
 *   - summary-1m, report-1m: the same million records summarised (`--summary`) and drawn as a
 *     report page (written to a temp file): peak memory, and the time as a multiple of the bare
 *     loop's (a summary reads and judges every record but says none: what the explainer costs
 *     before it writes a word);
 *   - sql-1m: the same million records as Parquet (written once, as AWS writes the default
 *     format), judged by the verdict query `verdicts-by-interface` on DuckDB, in-process: the
 *     time beside the explainer's summary of the same records (no budget: a second engine's
 *     figure, for scale; Athena spreads the scan over many machines).
 * Budget (2 cores): examples < 1 s and < 150 MB; 50 environments < 5 s; explain within 5x the
 * bare loop in text, 7x in JSON, a summary 3.5x; explain-1m, explain-1m-rejected, summary-1m and
 * report-1m < 200 MB (open conversations and bounded tallies, not records, are held).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { Writable } from "node:stream";
import { generatedEnvironments, generatedMembers } from "../tools/bench/generated-environments";
import { generatedRecordChunks } from "../tools/bench/generated-records";
import { TRINO_SHIM } from "../tools/athena/trino-shim";
import { RecordFormat } from "../constructs/records/record-format";
import { columnName, quoted } from "../constructs/athena/columns";
import { verdictsBySql } from "../constructs/athena/verdict-queries";

type RecordScenario =
  | "read-split-193k"
  | "explain-193k"
  | "explain-193k-json"
  | "read-split-1m"
  | "explain-1m"
  | "explain-1m-json"
  | "explain-1m-rejected"
  | "summary-1m"
  | "report-1m"
  | "sql-1m";
type Scenario = "floor" | "examples" | "generated-50" | "archive-50" | "archive-500" | RecordScenario;
const BUDGET: Record<Scenario, { ms?: number; mb?: number; ratio?: number }> = {
  floor: {},
  examples: { ms: 1000, mb: 150 },
  "generated-50": { ms: 5000 },
  "archive-50": {},
  "archive-500": { ms: 5000 },
  "read-split-193k": {},
  "explain-193k": { ratio: 5 },
  "explain-193k-json": { ratio: 7 },
  "read-split-1m": {},
  "explain-1m": { ratio: 5, mb: 200 },
  "explain-1m-json": { ratio: 7, mb: 200 },
  "explain-1m-rejected": { mb: 200 },
  "summary-1m": { ratio: 3.5, mb: 200 },
  "report-1m": { mb: 200 },
  "sql-1m": {},
};
/** The generator's count for each file: 1 in 14 of its records (a refused request's reply) is never written. */
const RECORD_FILES = { "193k": 207_850, "1m": 1_077_000 } as const;
const recordFile = (size: keyof typeof RECORD_FILES) => path.join(os.tmpdir(), `nm-bench-records-${RECORD_FILES[size]}.log`);

/** A record scenario's name: what runs, over which file, and whether in JSON or shown through a filter. */
const RECORD_SCENARIO = /^(read-split|explain|summary|report|sql)-(193k|1m)(-json|-rejected)?$/;

/** Child: the bare loop, or the explain pipeline into a sink that takes what a pipe would. */
async function recordsChild(scenario: RecordScenario): Promise<void> {
  const [, what, size, variant] = RECORD_SCENARIO.exec(scenario)!;
  const file = recordFile(size as keyof typeof RECORD_FILES);
  const start = process.hrtime.bigint();
  let records = 0;
  if (what === "sql") {
    records = await verdictsOnDuckDb(`${file}.parquet`);
  } else if (what === "read-split") {
    for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
      if (line.split(/\s+/).length > 1) records++;
    }
  } else {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { boundHeapGrowth } = require("../analysis/command/command-line") as typeof import("../analysis/command/command-line");
    // As the programs run (explain/main.ts, report/main.ts).
    boundHeapGrowth();
    if (what === "report") {
      const { reportArguments, runReport } = require("../analysis/report/command") as typeof import("../analysis/report/command");
      const out = path.join(os.tmpdir(), `nm-bench-report-${process.pid}.html`);
      records = (await runReport(reportArguments([file, "--out", out]))).records;
      fs.rmSync(out);
    } else {
      const { explainArguments } = require("../analysis/explain/arguments") as typeof import("../analysis/explain/arguments");
      const { runExplain } = require("../analysis/explain/command") as typeof import("../analysis/explain/command");
      let bytes = 0;
      const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((bytes += chunk.length), done()) });
      const flags = [
        ...(variant === "-json" ? ["--json"] : []),
        ...(variant === "-rejected" ? ["--action", "REJECT"] : []),
        ...(what === "summary" ? ["--summary"] : []),
      ];
      records = (await runExplain(explainArguments([...flags, file]), sink, sink)).records;
      if (bytes === 0) throw new Error("the explainer wrote nothing");
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, stacks: records, maxRssKb: process.resourceUsage().maxRSS }));
}

/** Writes the generated record files the record scenarios read (once; they are kept in the temp folder), and the 1 M records as Parquet. */
function writeRecordFiles(): void {
  for (const size of Object.keys(RECORD_FILES) as (keyof typeof RECORD_FILES)[]) {
    const file = recordFile(size);
    if (fs.existsSync(file)) continue;
    const fd = fs.openSync(`${file}.part`, "w");
    for (const chunk of generatedRecordChunks(RECORD_FILES[size])) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.renameSync(`${file}.part`, file);
  }
  if (!fs.existsSync(`${recordFile("1m")}.parquet`)) {
    const r = spawnSync(process.execPath, [__filename, "--parquet", recordFile("1m")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`writing the Parquet records failed: ${r.stderr}`);
  }
}

/** The DuckDB module: a dev dependency, loaded only by the scenario that uses it. */
const duckDb = () => require("@duckdb/node-api") as typeof import("@duckdb/node-api");

/** Writes record lines of the default format as Parquet with AWS's column names and types (VPC guide, "Parquet file format"). */
async function writeParquet(file: string): Promise<void> {
  const int32 = new Set(["version", "srcport", "dstport", "protocol"]);
  const int64 = new Set(["packets", "bytes", "start", "end"]);
  const columns = RecordFormat.DEFAULT.fields.map(
    (f) => `'${f.replace(/-/g, "_")}': '${int32.has(f) ? "INTEGER" : int64.has(f) ? "BIGINT" : "VARCHAR"}'`,
  );
  const db = await (await duckDb().DuckDBInstance.create(":memory:")).connect();
  await db.run(
    `COPY (SELECT * FROM read_csv('${file}', delim = ' ', header = false, columns = {${columns.join(", ")}})) ` +
      `TO '${file}.parquet.part' (FORMAT parquet, COMPRESSION gzip)`,
  );
  fs.renameSync(`${file}.parquet.part`, `${file}.parquet`);
}

/** Runs `verdicts-by-interface` over a Parquet file of the default format; returns the records it judged. */
async function verdictsOnDuckDb(parquet: string): Promise<number> {
  const db = await (await duckDb().DuckDBInstance.create(":memory:")).connect();
  for (const statement of TRINO_SHIM) await db.run(statement);
  // A view of its own name: the named queries' module would load the constructs (cdktf) into every scenario's child.
  await db.run(`CREATE VIEW records AS SELECT * FROM read_parquet('${parquet}')`);
  const sql = verdictsBySql(
    {
      c: (f) => quoted(columnName(f)),
      has: (f) => RecordFormat.DEFAULT.has(f),
      window: "true",
      organization: false,
      table: "records",
    },
    "interface_id",
  );
  const rows = (await db.runAndReadAll(sql)).getRowObjectsJson();
  return rows.reduce((n, r) => n + Number(r.records), 0);
}

/** Child: synthesizes one scenario into a temp dir and reports its own figures as JSON. */
function child(scenario: Scenario): void {
  if (RECORD_SCENARIO.test(scenario)) {
    void recordsChild(scenario as RecordScenario);
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
  const bare: Partial<Record<string, number>> = {};
  /** The explainer's summary of the 1 M records: what the SQL engine's time is set beside. */
  let summary: number | undefined;
  writeRecordFiles();
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
    const size = /-(193k|1m)/.exec(scenario)?.[1];
    if (scenario.startsWith("read-split") && size) bare[size] = wallMs;
    if (scenario === "summary-1m") summary = wallMs;
    const ratio = !scenario.startsWith("read-split") && size && bare[size] ? wallMs / bare[size] : undefined;
    // Each part of the budget the scenario misses, named.
    const missed = [
      b.ms !== undefined && wallMs >= b.ms ? "time" : "",
      b.mb !== undefined && mb >= b.mb ? "memory" : "",
      b.ratio !== undefined && !(ratio !== undefined && ratio <= b.ratio) ? "ratio" : "",
    ].filter(Boolean);
    const ok = missed.length === 0;
    failed ||= !ok;
    const budget =
      [b.ms ? `< ${b.ms} ms` : "", b.mb ? `< ${b.mb} MB` : "", b.ratio ? `<= ${b.ratio}x the bare loop` : ""].filter(Boolean).join(", ") ||
      (scenario === "floor" ? "none: the floor" : "none");
    if (scenario === "floor") floor = { wallMs, mb };
    const above =
      floor && scenario !== "floor" && size === undefined
        ? `; above the floor ${(wallMs - floor.wallMs).toFixed(0)} ms, ${(mb - floor.mb).toFixed(0)} MB`
        : "";
    const rate =
      size !== undefined
        ? `   ${Math.round(c.stacks / (c.ms / 1000)).toLocaleString("en-US")} records/s${ratio !== undefined ? `, ${ratio.toFixed(1)}x the bare loop` : ""}` +
          (scenario === "sql-1m" && summary !== undefined ? `, ${(wallMs / summary).toFixed(2)}x the explainer's summary` : "")
        : "";
    rows.push(
      `${scenario.padEnd(17)} ${String(c.stacks).padStart(7)} ${wallMs.toFixed(0).padStart(9)} ${c.ms.toFixed(0).padStart(9)} ${mb.toFixed(0).padStart(8)}   ` +
        `${ok ? "ok" : `OVER in ${missed.join(", ")}`} (budget ${budget})${above}${rate}`,
    );
  }
  console.log(
    `Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log("scenario           stacks/  wall ms   run ms  peak MB\n                  records");
  for (const r of rows) console.log(r);
  return failed ? 1 : 0;
}

if (require.main === module) {
  if (process.argv[2] === "--child") child(process.argv[3] as Scenario);
  else if (process.argv[2] === "--parquet") void writeParquet(process.argv[3]);
  else process.exitCode = parent();
}
