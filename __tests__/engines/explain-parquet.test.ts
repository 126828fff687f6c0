/**
 * The explainer reads the Parquet files production archives, as AWS writes them (columns named
 * after the fields, INT32 and INT64, null for "-", Gzip pages), from a folder in AWS's layout:
 * what it says of them is what it says of the same records as text lines.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { explainArguments } from "../../analysis/explain/arguments";
import { runExplain } from "../../analysis/explain/command";
import { DEFAULT_FORMAT_FIELDS, RecordFormat } from "../../constructs/records/record-format";
import { AthenaOnDuckDb, type ArchivedRecord } from "../support/athena-on-duckdb";
import { awsKeyPrefix } from "../support/aws-archive-layout";
import { distBuilt } from "../support/build";
import { recordArb } from "../support/flow-records";
import { ALL_TRANSIT_GATEWAY_FIELDS, TRANSIT_GATEWAY_FIELDS } from "../../constructs/records/transit-gateway-format";
import { lossRecord, tgwHeader, tgwRecord } from "../support/transit-gateway-records";

const HOUR = 3_600_000;

/** Explains `files` with `argv`; the JSON lines, each without the line and the source it came from. */
async function explained(
  argv: string[],
  stdin?: Buffer,
): Promise<{ rows: Record<string, unknown>[]; counts: Awaited<ReturnType<typeof runExplain>> }> {
  let text = "";
  const out = new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) });
  const err = new Writable({ write: (_c, _e, done) => done() });
  const counts = await runExplain(explainArguments(["--json", ...argv]), out, err, stdin ? Readable.from([stdin]) : undefined);
  const rows = text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map(({ line: _line, lines: _lines, source: _source, ...rest }) => rest);
  return { rows, counts };
}

describe.each([
  ["the default format", RecordFormat.DEFAULT],
  [
    "a custom format of version 3 to 5 fields",
    RecordFormat.custom([...DEFAULT_FORMAT_FIELDS, "vpc-id", "tcp-flags", "pkt-srcaddr", "flow-direction", "traffic-path"]),
  ],
])("Parquet as AWS writes it, in %s", (_, format) => {
  let dir: string;
  let engine: AthenaOnDuckDb;
  const start = Date.UTC(2026, 10, 27, 10);
  const archived: ArchivedRecord[] = fc
    .sample(recordArb(format), { numRuns: 300, seed: 20261128 })
    .map((record, i) => ({ record, hour: new Date(start + (i % 3) * HOUR) }));
  // As a folder lists them: hour by hour, each hour's records in delivery order.
  const inOrder = [...archived].sort((a, b) => a.hour.getTime() - b.hour.getTime());
  const textLines = inOrder.map((a) => format.fields.map((f) => a.record[f] ?? "-").join(" "));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-parquet-"));
    engine = await AthenaOnDuckDb.create(dir);
    const where = { bucketAndFolder: "archive", account: "123456789012", region: "ap-northeast-1" };
    await engine.writeArchive(format, "parquet", archived, (hour) => awsKeyPrefix(where, false, true, hour));
    fs.writeFileSync(path.join(dir, "records.txt"), `${textLines.join("\n")}\n`);
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the folder, read recursively in time order: the same records and conversations as the text, the format from the columns", async () => {
    const parquet = await explained(["--records", path.join(dir, "archive")]);
    const text = await explained(["--format", format.fields.join(" "), path.join(dir, "records.txt")]);
    expect(parquet.counts).toMatchObject({ records: archived.length, problems: 0 });
    expect(parquet.rows.filter((r) => r.kind === "record")).toHaveLength(archived.length);
    expect(parquet.rows).toEqual(text.rows);
  });

  test("a folder is summarised by default: the same summary as the text's", async () => {
    const parquet = await explained([path.join(dir, "archive")]);
    const text = await explained(["--summary", "--format", format.fields.join(" "), path.join(dir, "records.txt")]);
    expect(parquet.rows).toHaveLength(1);
    expect(parquet.rows[0]).toMatchObject({ kind: "summary", records: archived.length });
    expect(parquet.rows).toEqual(text.rows);
  });

  // One format is enough for the report (two runs of the compiled command, a second each): the custom one, with more fields.
  if (format !== RecordFormat.DEFAULT)
    test("npm run report: the page of the Parquet folder is the page of the same records as text", async () => {
      await distBuilt();
      const page = (args: string[]) => {
        const out = path.join(dir, `report-${args.length}.html`);
        execFileSync(process.execPath, [path.join(__dirname, "..", "..", "dist", "scripts", "report.js"), ...args, "--out", out], {
          stdio: "pipe",
        });
        // The sources it names differ; the rest must not.
        return fs.readFileSync(out, "utf8").replace(/<p class="meta">[^<]*: <code>.*?<\/p>/, "");
      };
      const fromParquet = page([path.join(dir, "archive")]);
      expect(fromParquet.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
      expect(fromParquet).toBe(page(["--format", format.fields.join(" "), path.join(dir, "records.txt")]));
    });

  test("a Parquet file on standard input (aws s3 cp s3://... - | explain), found by its bytes", async () => {
    const [file] = fs
      .readdirSync(path.join(dir, "archive"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".parquet"))
      .sort();
    const fromFile = await explained(["--records", path.join(dir, "archive", file)]);
    const fromStdin = await explained([], fs.readFileSync(path.join(dir, "archive", file)));
    expect(fromStdin.counts.records).toBeGreaterThan(0);
    expect(fromStdin.rows).toEqual(fromFile.rows);
  });

  test("a Parquet file named on the command line, found by its magic bytes whatever its name", async () => {
    const [file] = fs
      .readdirSync(path.join(dir, "archive"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".parquet"))
      .sort();
    const renamed = path.join(dir, "renamed.bin");
    fs.copyFileSync(path.join(dir, "archive", file), renamed);
    const { counts } = await explained(["--records", renamed]);
    expect(counts.records).toBe(archived.filter((a) => a.hour.getTime() === start).length);
    expect(counts.problems).toBe(0);
  });
});

test("a Parquet file whose columns are not flow-log fields says so, and the reading goes on", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-parquet-"));
  const engine = await AthenaOnDuckDb.create(dir);
  try {
    const bad = path.join(dir, "other.parquet");
    await engine.connection.run(`COPY (SELECT 1 AS weight, 'x' AS colour) TO '${bad}' (FORMAT parquet, COMPRESSION gzip)`);
    const { rows, counts } = await explained([bad]);
    expect(counts.files).toBe(1);
    expect(String(rows[0].message)).toMatch(/other\.parquet: stopped after row 0: its columns are not a flow-log record format: .*weight/);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the explain tests' classic cases, written as AWS writes Parquet, give the same verdicts as their text", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-classic-"));
  const engine = await AthenaOnDuckDb.create(dir);
  try {
    const instance = "172.31.16.139";
    const home = "203.0.113.12";
    // Each case a quarter of an hour after the one before, so that each is its own conversation in either reading.
    const rec = (n: number, src: string, dst: string, sp: number, dp: number, protocol: number, action: string) =>
      `2 123456789010 eni-1235b8ca123456789 ${src} ${dst} ${sp} ${dp} ${protocol} 4 336 ${1432917027 + n * 900} ${1432917142 + n * 900} ${action} OK`;
    const cases = [
      [rec(0, home, instance, 49761, 80, 6, "REJECT")],
      [rec(1, instance, home, 35521, 123, 17, "ACCEPT"), rec(1, home, instance, 123, 35521, 17, "REJECT")],
      [rec(2, home, instance, 49762, 80, 6, "ACCEPT"), rec(2, instance, home, 80, 49762, 6, "REJECT")],
      [rec(3, instance, home, 80, 49763, 6, "ACCEPT"), rec(3, home, instance, 49763, 80, 6, "ACCEPT")],
      [rec(4, "198.51.100.7", instance, 52100, 22, 6, "REJECT")],
      [rec(5, home, instance, 49764, 443, 6, "ACCEPT")],
      [rec(6, instance, home, 0, 0, 1, "ACCEPT"), rec(6, home, instance, 0, 0, 1, "REJECT")],
      [rec(7, "198.51.100.1", instance, 443, 40001, 6, "REJECT")],
    ];
    const lines = cases.flat();
    const fields = RecordFormat.DEFAULT.fields;
    const archived = lines.map((l) => ({
      record: Object.fromEntries(l.split(" ").map((v, i) => [fields[i], v])),
      hour: new Date(Date.UTC(2015, 4, 29, 16)),
    }));
    await engine.writeArchive(RecordFormat.DEFAULT, "parquet", archived, () => "archive/classic");
    fs.writeFileSync(path.join(dir, "classic.txt"), lines.join("\n"));
    const parquet = await explained(["--records", path.join(dir, "archive")]);
    const text = await explained([path.join(dir, "classic.txt")]);
    const verdicts = (rows: Record<string, unknown>[]) => rows.filter((r) => r.kind === "conversation").map((r) => r.verdict);
    expect(verdicts(parquet.rows)).toEqual([
      "REFUSED_INBOUND",
      "REPLY_REFUSED_BY_ACL_INBOUND",
      "REPLY_REFUSED_BY_ACL_OUTBOUND",
      "CONNECTED",
      "REFUSED_INBOUND",
      "REPLY_NOT_SEEN",
      "REPLY_REFUSED_BY_ACL_INBOUND",
      "LATE_REPLY_OR_SCAN",
    ]);
    expect(parquet.rows).toEqual(text.rows);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("transit gateway records in Parquet (their columns select their format) say what the same records say as text", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-parquet-"));
  const engine = await AthenaOnDuckDb.create(dir);
  try {
    const lines = [
      tgwRecord(),
      lossRecord("no-route", 5),
      lossRecord("mtu-exceeded", 2, { "flow-direction": "-" }),
      lossRecord("ttl-expired", 1),
    ];
    const textFile = path.join(dir, "tgw.txt");
    fs.writeFileSync(textFile, `${tgwHeader()}\n${lines.join("\n")}\n`);
    // Each column as AWS types it: INT_32 for the small numbers, INT_64 for counts and times, "-" as null.
    const int32 = new Set(["version", "srcport", "dstport", "tcp-flags"]);
    const sqlValue = (f: string, v: string) =>
      v === "-"
        ? `CAST(NULL AS ${TRANSIT_GATEWAY_FIELDS[f as keyof typeof TRANSIT_GATEWAY_FIELDS].kind === "number" ? (int32.has(f) ? "INTEGER" : "BIGINT") : "VARCHAR"})`
        : TRANSIT_GATEWAY_FIELDS[f as keyof typeof TRANSIT_GATEWAY_FIELDS].kind === "number"
          ? `CAST(${v} AS ${int32.has(f) ? "INTEGER" : "BIGINT"})`
          : `'${v}'`;
    const selects = lines.map(
      (l) =>
        `SELECT ${l
          .split(" ")
          .map((v, i) => `${sqlValue(ALL_TRANSIT_GATEWAY_FIELDS[i], v)} AS "${ALL_TRANSIT_GATEWAY_FIELDS[i].replace(/-/g, "_")}"`)
          .join(", ")}`,
    );
    const parquetFile = path.join(dir, "tgw.parquet");
    await engine.connection.run(`COPY (${selects.join(" UNION ALL ")}) TO '${parquetFile}' (FORMAT parquet, COMPRESSION gzip)`);
    const fromText = await explained([textFile]);
    const fromParquet = await explained(["--records", parquetFile]);
    expect(fromParquet.rows.map((r) => r.kind)).toEqual([
      "transit-gateway-record",
      "transit-gateway-record",
      "transit-gateway-record",
      "transit-gateway-record",
    ]);
    expect(fromParquet.rows).toEqual(fromText.rows);
    expect(fromParquet.rows.map((r) => (r.losses as { cause: string }[]).map((l) => l.cause))).toEqual([
      [],
      ["no-route"],
      ["mtu-exceeded"],
      ["ttl-expired"],
    ]);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
