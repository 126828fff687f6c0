/**
 * The explainer reads the Parquet files production archives, as AWS writes them (columns named
 * after the fields, INT32 and INT64, null for "-", Gzip pages), from a folder in AWS's layout:
 * what it says of them is what it says of the same records as text lines.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { explainArguments, runExplain } from "../../constructs/explain/command";
import { DEFAULT_FORMAT_FIELDS, RecordFormat } from "../../constructs/records/record-format";
import { AthenaOnDuckDb, type ArchivedRecord } from "../support/athena-on-duckdb";
import { awsKeyPrefix } from "../support/aws-archive-layout";
import { recordArb } from "../support/flow-records";

const HOUR = 3_600_000;

/** Explains `files` with `argv`; the JSON lines, each without the line and the source it came from. */
async function explained(argv: string[]): Promise<{ rows: Record<string, unknown>[]; counts: Awaited<ReturnType<typeof runExplain>> }> {
  let text = "";
  const out = new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) });
  const err = new Writable({ write: (_c, _e, done) => done() });
  const counts = await runExplain(explainArguments(["--json", ...argv]), out, err);
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
    const parquet = await explained([path.join(dir, "archive")]);
    const text = await explained(["--format", format.fields.join(" "), path.join(dir, "records.txt")]);
    expect(parquet.counts).toMatchObject({ records: archived.length, problems: 0 });
    expect(parquet.rows.filter((r) => r.kind === "record")).toHaveLength(archived.length);
    expect(parquet.rows).toEqual(text.rows);
  });

  test("a Parquet file named on the command line, found by its magic bytes whatever its name", async () => {
    const [file] = fs
      .readdirSync(path.join(dir, "archive"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".parquet"))
      .sort();
    const renamed = path.join(dir, "renamed.bin");
    fs.copyFileSync(path.join(dir, "archive", file), renamed);
    const { counts } = await explained([renamed]);
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
