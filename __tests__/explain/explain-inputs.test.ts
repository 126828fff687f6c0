/**
 * The explain command's inputs and outputs beyond record lines: CloudWatch events cited by id,
 * Athena's results (the CSV of the results bucket and `get-query-results` JSON), gzip on
 * standard input, a missing file, `--json` numbers, and the summary.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { explainArguments } from "../../analysis/explain/arguments";
import { RecordFormat } from "../../constructs/records/record-format";
import { athenaCsvValues } from "../../analysis/explain/inputs";
import { explainRecords, FLOW_LOG_FIELDS, parseFormat, type FlowLogField } from "../../analysis/explain";
import { runExplainCommand } from "../support/explain-run";

const ENI = "eni-1235b8ca123456789";
const INSTANCE = "172.31.16.139";
const HOME = "203.0.113.12";
const rec = (src: string, dst: string, sp: number, dp: number, protocol: number, action: string, start = 1432917027) =>
  `2 123456789010 ${ENI} ${src} ${dst} ${sp} ${dp} ${protocol} 4 336 ${start} ${start + 115} ${action} OK`;
const NTP = [rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"), rec(HOME, INSTANCE, 123, 35521, 17, "REJECT")];
const run = (argv: string[], stdin: string | Buffer = "") => runExplainCommand(explainArguments(argv), stdin);
const parsed = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The default format's columns as the Athena table names them (`_` for `-`). */
const COLUMNS = RecordFormat.DEFAULT.fields.map((f) => f.replace(/-/g, "_"));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-inputs-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

describe("CloudWatch Logs events", () => {
  test("pretty-printed filter-log-events output: each record cites its event id", async () => {
    const events = NTP.map((message, i) => ({
      logStreamName: ENI,
      timestamp: 1432917027000,
      message,
      ingestionTime: 1432917200000,
      eventId: `3789012345678901234567890123456789012345678901234567890${i}`,
    }));
    const { stdout } = await run([file("events.json", JSON.stringify({ events, searchedLogStreams: [] }, null, 4))]);
    expect(stdout).toMatch(/events\.json:\d+ \(event 37890123456789012345678901234567890123456789012345678900\): 2015-05-29/);
    expect(stdout).toContain("(event 37890123456789012345678901234567890123456789012345678901)");
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
  });

  test("one event a line, its id before its message, in --json", async () => {
    const lines = NTP.map((message, i) => JSON.stringify({ eventId: `e${i}`, message })).join("\n");
    const out = parsed((await run(["--json"], lines)).stdout).filter((e) => e.kind === "record");
    expect(out.map((e) => e.event)).toEqual(["e0", "e1"]);
  });
});

describe("Athena's results", () => {
  test("the CSV Athena writes: quoted values, the header naming the columns, a null as an unquoted empty value, other columns left out", () => {
    expect(athenaCsvValues('"a","b ""c""",,"","1"')).toEqual(["a", 'b "c"', null, "", "1"]);
  });

  test("a results-bucket CSV of SELECT * explains as the same records read as lines", async () => {
    const header = [...COLUMNS, "date"].map((c) => `"${c}"`).join(",");
    const rows = NTP.map((l) => [...l.split(" "), "2015/05/29"].map((v) => `"${v}"`).join(","));
    const csv = file("0f3e2c1a-results.csv", [header, ...rows].join("\n") + "\n");
    const fromCsv = parsed((await run(["--json", csv])).stdout);
    const fromLines = parsed((await run(["--json"], NTP.join("\n"))).stdout);
    // The CSV's header is its line 1: line numbers are one more.
    const strip = (es: Record<string, unknown>[]) => es.map(({ line: _line, source: _source, lines: _lines, ...e }) => e);
    expect(strip(fromCsv)).toEqual(strip(fromLines));
    expect(fromCsv.find((e) => e.kind === "conversation")).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_INBOUND" });
  });

  test("a null in the CSV (an unquoted empty value) is a field AWS wrote as -", async () => {
    const header = COLUMNS.filter((c) => !["version", "account_id", "packets", "bytes"].includes(c)).concat("tcp_flags");
    const row = [ENI, HOME, INSTANCE, "49761", "443", "6", "1432917027", "1432917142", "REJECT", "OK"].map((v) => `"${v}"`).join(",") + ",";
    const out = parsed((await run(["--json", file("nulls.csv", `${header.map((h) => `"${h}"`).join(",")}\n${row}\n`)])).stdout);
    expect(out[0]).toMatchObject({ kind: "record", fields: { "tcp-flags": null, srcport: 49761 } });
  });

  test("get-query-results JSON: the column names from ColumnInfo, the header row skipped, a null datum as -", async () => {
    const names = COLUMNS;
    const datum = (v: string | null) => (v === null ? {} : { VarCharValue: v });
    const rows = [
      { Data: names.map((n) => datum(n)) },
      ...NTP.map((l) => ({ Data: l.split(" ").map((v, i) => datum(names[i] === "account_id" ? null : v)) })),
    ];
    const json = JSON.stringify(
      { UpdateCount: 0, ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name, Type: "varchar" })) } } },
      null,
      4,
    );
    const out = parsed((await run(["--json", file("results.json", json)])).stdout);
    expect(out.map((e) => e.kind)).toEqual(["record", "record", "conversation"]);
    expect(out[0]).toMatchObject({ line: 2, fields: { "account-id": null, srcport: 35521 } });
    expect(out[2]).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_INBOUND" });
  });

  test("a result whose columns name no flow-log field is refused with what to select", async () => {
    const { stdout, counts } = await run([file("agg.csv", '"srcaddr_count","bytes_transferred"\n"3","100"\n')]);
    expect(stdout).toContain('name no flow-log field: select the record\'s columns (the named query "records-of-address" does)');
    expect(counts.files).toBe(1);
  });
});

describe("files and streams", () => {
  test("gzip on standard input is recognised by its bytes (aws s3 cp s3://... - | explain)", async () => {
    const header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    const { stdout, counts } = await run([], zlib.gzipSync([header, ...NTP].join("\n") + "\n"));
    expect(counts.records).toBe(2);
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
  });

  test("a missing file is named in a message, and the next file is read", async () => {
    const good = file("good.log", NTP.join("\n"));
    const { stdout, counts } = await run([path.join(dir, "nope.log"), good]);
    expect(stdout).toContain(`${path.join(dir, "nope.log")}:0: not a record: no such file or folder`);
    expect(counts).toMatchObject({ records: 2, files: 1 });
  });

  test("--json numbers are numbers, and what AWS wrote as - is null", async () => {
    const [r] = parsed((await run(["--json"], `2 123456789010 ${ENI} - - - - - - - 1431280876 1431280934 - NODATA`)).stdout);
    expect(r.fields).toEqual({
      version: 2,
      "account-id": "123456789010",
      "interface-id": ENI,
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      packets: null,
      bytes: null,
      start: 1431280876,
      end: 1431280934,
      action: null,
      "log-status": "NODATA",
    });
  });
});

describe("--summary", () => {
  // Four refused SSH attempts from one address (two interfaces), one refused HTTPS, one NTP reply refused, one HTTP that worked.
  const other = "eni-0ffffffffffffffff";
  const lines = [
    rec("198.51.100.7", INSTANCE, 52100, 22, 6, "REJECT"),
    rec("198.51.100.7", INSTANCE, 52101, 22, 6, "REJECT", 1432917100),
    rec("198.51.100.7", INSTANCE, 52103, 22, 6, "REJECT", 1432917200),
    rec("198.51.100.7", "10.0.0.8", 52102, 22, 6, "REJECT").replace(ENI, other),
    rec(HOME, INSTANCE, 49761, 443, 6, "REJECT"),
    ...NTP,
    rec(HOME, INSTANCE, 49800, 80, 6, "ACCEPT"),
    rec(INSTANCE, HOME, 80, 49800, 6, "ACCEPT"),
  ];

  test("verdicts counted; refused conversations grouped by client, server and verdict, most records first", async () => {
    const { stdout } = await run(["--summary"], lines.join("\n"));
    expect(stdout).not.toContain("line 1:");
    expect(stdout).toContain("9 records, 7 conversations.");
    expect(stdout).toMatch(/REFUSED_INBOUND\s+:\s+5 conversations,\s+5 records/);
    const ranked = stdout.split("\n").filter((l) => /^ {2}\d+\. /.test(l));
    expect(ranked).toHaveLength(4);
    expect(ranked[0]).toBe(
      `  1. 198.51.100.7 → ${INSTANCE}:22 (ssh, TCP): 3 conversations, 3 records, 1,008 bytes; security group, network ACL or VPC Block Public Access, inbound; on ${ENI}`,
    );
    // Then by records, bytes, and the client's address.
    expect(ranked.slice(1).map((l) => l.replace(/^ {2}\d+\. /, "").replace(/ \(.*/, ""))).toEqual([
      `${INSTANCE} → ${HOME}:123`,
      "198.51.100.7 → 10.0.0.8:22",
      `${HOME} → ${INSTANCE}:443`,
    ]);
  });

  test("--json: one summary object, the same groups", async () => {
    const [s] = parsed((await run(["--summary", "--json"], lines.join("\n"))).stdout);
    expect(s).toMatchObject({ kind: "summary", records: 9, conversations: 7, refusedGroups: 4 });
    const refused = s.refused as { client: string; server: { port: number }; conversations: number; verdict: string; layer: string }[];
    expect(refused.map((g) => [g.client, g.server.port, g.conversations, g.verdict])).toEqual([
      ["198.51.100.7", 22, 3, "REFUSED_INBOUND"],
      [INSTANCE, 123, 1, "REPLY_REFUSED_BY_ACL_INBOUND"],
      ["198.51.100.7", 22, 1, "REFUSED_INBOUND"],
      [HOME, 443, 1, "REFUSED_INBOUND"],
    ]);
  });

  test("a folder is summarised unless --records asks for each record", async () => {
    const folder = path.join(dir, "AWSLogs", "123456789010", "vpcflowlogs", "ap-northeast-1", "2015", "05", "29");
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "a.log"), lines.join("\n"));
    const root = path.join(dir, "AWSLogs");
    expect((await run([root])).stdout).toContain("Conversations by verdict:");
    expect((await run(["--records", root])).stdout).toContain("a.log:1: ");
  });
});

describe("--json is written by hand on the hot path", () => {
  test("records of ASCII text are written with marks patched to the arrow and dash; other text as it is, in text and JSON alike", async () => {
    // The second record's interface id has a quote and a letter beyond ASCII: it and its conversation take the other way.
    const lines = [
      `2 123456789010 ${ENI} 203.0.113.12 172.31.16.139 49761 80 6 20 4249 1418530010 1418530070 REJECT OK`,
      `2 123456789010 eni-"é"1 203.0.113.13 172.31.16.139 49762 80 6 20 4249 1418530010 1418530070 REJECT OK`,
    ];
    const text = (await run([], lines.join("\n"))).stdout;
    expect(text).toContain(`${ENI} inbound: 203.0.113.12:49761 → 172.31.16.139:80 (http) TCP`);
    expect(text).toContain(`eni-"é"1 inbound: 203.0.113.13:49762 → 172.31.16.139:80 (http) TCP`);
    expect(text.match(/2014-12-14 04:06:50–04:07:50 UTC/g)).toHaveLength(2);
    expect(text).toMatch(/\[REFUSED_INBOUND\] 203\.0\.113\.13:49762 → 172\.31\.16\.139:80 \(http\)/);
    expect(text).not.toMatch(/[\u0080-\u0084\ufffd]/);
    const json = (await run(["--json"], lines.join("\n"))).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { sentence: string });
    const library = explainRecords(lines, { format: RecordFormat.DEFAULT });
    expect(json.map((j) => j.sentence)).toEqual(library.map((e) => (e.kind === "problem" ? undefined : e.sentence)));
    expect(json[1].sentence).toContain('eni-"é"1 inbound: 203.0.113.13:49762 → 172.31.16.139:80');
  });

  test("each line is what JSON.stringify writes of the library's objects: conversations text for text, records with their numbers as numbers", async () => {
    const format =
      "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr";
    const lines = [
      `5 ${ENI} 10.0.1.5 10.0.0.9 41000 443 6 10 840 1432917027 1432917142 ACCEPT OK 2 10.0.1.5 93.184.216.34`,
      `5 ${ENI} 10.0.0.9 10.0.1.5 443 41000 6 10 840 1432917027 1432917142 REJECT OK 18 93.184.216.34 10.0.1.5`,
      `5 ${ENI} - - - - - - - 1432917027 1432917142 - NODATA - - -`,
      `5 ${ENI} 2001:db8::5 2001:db8::9 50001 22 6 1 40 1432917027 1432917142 REJECT OK 2 - -`,
    ];
    const events = lines.map((message, i) => JSON.stringify({ eventId: `id-"${i}"`, message })).join("\n");
    const written = (await run(["--json", "--format", format], events)).stdout.trim().split("\n");
    const library = explainRecords(lines, { format: parseFormat(format) });
    expect(written).toHaveLength(library.length);
    written.forEach((text, i) => {
      const e = library[i];
      if (e.kind === "conversation") expect(text).toBe(JSON.stringify(e));
      else if (e.kind === "record") {
        const fields = Object.fromEntries(
          Object.entries(e.fields).map(([k, v]) => [
            k,
            v === "-" ? null : FLOW_LOG_FIELDS[k as FlowLogField].kind === "number" ? Number(v) : v,
          ]),
        );
        // fields, sentence and notes are getters (a spread leaves them out): given as they read.
        const plain = JSON.parse(
          JSON.stringify({ ...e, fields, sentence: e.sentence, notes: e.notes, event: `id-"${e.line - 1}"` }),
        ) as unknown;
        expect(JSON.parse(text)).toEqual(plain);
      }
    });
  });
});
