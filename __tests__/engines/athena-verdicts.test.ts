/**
 * One judgment, two engines: the verdict queries (refused conversations by layer, verdicts by
 * interface and by account) run on DuckDB over records written as AWS writes them, through a
 * table defined from the synthesized Glue table alone, and must say what the explainer says of
 * the same records, conversation counts, records, bytes and times, row for row.
 *
 * Three corpora: AWS's own example records (docs/examples/classic), the explainer's property
 * tests' scenarios (support/refusal-scenarios.ts), and generated conversations in thousands
 * (support/conversation-corpus.ts), for members with and without flow-direction.
 *
 * The explainer reads the records in the order of their start (as a file of one interface, or
 * a synced folder sorted by time, gives them), and judges each record by itself (no address
 * learnt from other records), as a query does: the two places where the engines may differ are
 * shown apart at the end.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { explainArguments, explainRecords, SENTENCES, type ExplainedConversation, type ExplainedJudgedRow } from "../../analysis/explain";
import { runExplainCommand } from "../support/explain-run";
import { ConversationSummary } from "../../analysis/explain/summary";
import type { EnvironmentConfig } from "../../constructs";
import { RecordFormat, type FlowLogField } from "../../constructs/records/record-format";
import { isPrivateAddress, isServicePort, PROTOCOLS } from "../../constructs/records/vocabulary";
import { privateAddressSql, refusedConversationsSql, servicePortSql } from "../../constructs/athena/verdict-queries";
import { columnName, quoted } from "../../constructs/athena/columns";
import { REFUSED_VERDICTS, RECORDS_VERDICTS } from "../../constructs/records/verdicts";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { AthenaOnDuckDb, type GlueTableJson } from "../support/athena-on-duckdb";
import { athenaCsv, athenaCsvValue } from "../support/athena-csv";
import { conversationCorpus } from "../support/conversation-corpus";
import { OWN, recordsOf, scenarioArb } from "../support/refusal-scenarios";
import fc from "fast-check";
import { environmentFrom, plainTextArchive, withOwnArchive } from "../support/environment";
import { recordLine, type FlowRecord } from "../support/flow-records";
import { resource, resources, synthEnvironment, synthOrganizationArchive } from "../support/helpers";
import { trinoProblems } from "../support/trino-rules";

type Value = number | string | null;
type Row = Record<string, Value>;

const NOW = Math.floor(Date.now() / 1000);
/** The corpora's first second: two days ago, inside every query's window. */
const T0 = NOW - 2 * 86_400;
const SPAN = 36 * 3_600;

/** The documentation's classic records (AWS's examples), moved into the window. */
function classicRecords(format: RecordFormat): FlowRecord[] {
  const lines = fs.readFileSync(path.join(__dirname, "../../docs/examples/classic/flow.log"), "utf8").trim().split("\n");
  const parsed = lines.map((l) => Object.fromEntries(RecordFormat.DEFAULT.fields.map((f, i) => [f, l.split(" ")[i]])) as FlowRecord);
  const first = Math.min(...parsed.map((r) => Number(r.start)));
  return parsed.map((r) => {
    const moved: FlowRecord = { ...r, start: String(Number(r.start) - first + T0 + 600), end: String(Number(r.end) - first + T0 + 600) };
    return Object.fromEntries(format.fields.map((f) => [f, moved[f] ?? "-"]));
  });
}

/** The version-8 format the property tests' scenarios are written in: AWS's default and the reason of a reject. */
const SCENARIO_FORMAT = RecordFormat.parse([...RecordFormat.DEFAULT.fields, "reject-reason"].join(" "));

/**
 * The explainer's property tests' corpora (support/refusal-scenarios.ts): a conversation per
 * scenario, each on an interface of its own, in `format`, with the flow-direction AWS would
 * write where the format has it.
 */
function scenarioRecords(format: RecordFormat, n: number, seed: number): FlowRecord[] {
  const scenarios = fc.sample(
    fc.boolean().chain((publicPeer) => scenarioArb(publicPeer)),
    { numRuns: n, seed },
  );
  return scenarios.flatMap((s, i) =>
    recordsOf(s, `eni-1${i.toString(16).padStart(16, "0")}`, T0 + 3_600 + i * 11).map((line) => {
      const values = line.split(" ");
      const r: FlowRecord = Object.fromEntries(SCENARIO_FORMAT.fields.map((f, j) => [f, values[j]]));
      r["flow-direction"] = r.dstaddr === OWN ? "ingress" : "egress";
      return Object.fromEntries(format.fields.map((f) => [f, r[f] ?? "-"]));
    }),
  );
}

const hourOf = (r: FlowRecord) => new Date(Math.floor(Number(r.start) / 3600) * 3_600_000);

/** The explainer's conversations of records, read in order of their start, each record judged by itself. */
function explained(format: RecordFormat, records: readonly FlowRecord[]): ExplainedConversation[] {
  const lines = [...records].sort((a, b) => Number(a.start) - Number(b.start)).map((r) => recordLine(format, r));
  return explainRecords(lines, { format, records: false, learnAddresses: false }).filter(
    (e): e is ExplainedConversation => e.kind === "conversation",
  );
}

const PROTOCOL_NUMBER = new Map(Object.entries(PROTOCOLS).map(([n, name]) => [name, Number(n)]));
const protocolNumber = (name: string) => PROTOCOL_NUMBER.get(name) ?? Number(name.replace("protocol ", ""));

/** A conversation as a query's row before grouping. */
function judgedRow(c: ExplainedConversation, account?: string): Row {
  return {
    ...(account ? { aws_account: account } : {}),
    interface_id: c.interfaceId,
    client: c.client.address,
    server: c.server.address,
    server_port: c.server.port,
    protocol: protocolNumber(c.protocol),
    verdict: c.verdict,
    layers: c.layers.join(","),
    records: c.records,
    bytes: c.bytes,
    first_seen: c.start,
    last_seen: c.end,
  };
}

/** Ascending, nulls last; strings by code point. */
function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Groups judged rows by `keys`: conversations, records and bytes summed, first and last seen (when asked). */
function grouped(rows: readonly Row[], keys: readonly string[], times: boolean): Row[] {
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const k = JSON.stringify(keys.map((c) => r[c]));
    const g = groups.get(k);
    if (!g) {
      groups.set(k, {
        ...Object.fromEntries(keys.map((c) => [c, r[c]])),
        conversations: 1,
        records: r.records,
        bytes: r.bytes,
        ...(times ? { first_seen: r.first_seen, last_seen: r.last_seen } : {}),
      });
      continue;
    }
    g.conversations = (g.conversations as number) + 1;
    g.records = (g.records as number) + (r.records as number);
    g.bytes = (g.bytes as number) + (r.bytes as number);
    if (times) {
      g.first_seen = Math.min(g.first_seen as number, r.first_seen as number);
      g.last_seen = Math.max(g.last_seen as number, r.last_seen as number);
    }
  }
  return [...groups.values()];
}

/** What the refused query returns, from the explainer's conversations: grouped, most records first, then the keys. */
function refusedOracle(rows: readonly Row[], organization: boolean): Row[] {
  const keys = [
    ...(organization ? ["aws_account"] : []),
    "interface_id",
    "client",
    "server",
    "server_port",
    "protocol",
    "verdict",
    "layers",
  ];
  return grouped(
    rows.filter((r) => REFUSED_VERDICTS.includes(r.verdict as never)),
    keys,
    true,
  )
    .sort((a, b) => compare(b.records, a.records) || keys.reduce((acc, c) => acc || compare(a[c], b[c]), 0))
    .slice(0, 1000);
}

/** What a verdicts-by query returns: per `by` and verdict, ordered by `by`, most conversations first, then the verdict. */
function verdictsOracle(rows: readonly Row[], by: string): Row[] {
  return grouped(rows, [by, "verdict"], false).sort(
    (a, b) => compare(a[by], b[by]) || compare(b.conversations, a.conversations) || compare(a.verdict, b.verdict),
  );
}

/** DuckDB's JSON values as the oracle's: numbers as numbers, timestamps as epoch seconds. */
function normalized(row: Record<string, unknown>): Row {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => {
      if (typeof v === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/.test(v))
        return [k, Date.parse(`${v.replace(" ", "T")}:00`) / 1000];
      if (typeof v === "string" && /^-?\d+$/.test(v) && !["aws_account", "client", "server"].includes(k)) return [k, Number(v)];
      return [k, v as Value];
    }),
  );
}

function namedQueries(json: { resource: Record<string, Record<string, unknown>> }): Map<string, string> {
  return new Map(resources(json as never, "aws_athena_named_query").map(([, q]) => [String(q.name).split("/").pop()!, String(q.query)]));
}

/** The fields of staging's format and the reason of a reject (version 8). */
const VERSION_8 = [...(staging.flowLogs.logFormat as FlowLogField[]), "reject-reason"] as FlowLogField[];

interface OwnTable {
  readonly name: string;
  readonly environment: EnvironmentConfig;
  readonly storage: "parquet" | "plain-text";
  /** How many conversations to generate: one corpus of tens of thousands of records, the others smaller. */
  readonly conversations: number;
}

const OWN_TABLES: OwnTable[] = [
  {
    name: "prod: AWS's default format (version 2, no flow-direction), Parquet, hourly",
    environment: withOwnArchive(prod),
    storage: "parquet",
    conversations: 12_000,
  },
  {
    name: "a version-8 format (flow-direction, flags, the packets' own addresses, reject-reason) in plain text, Hive prefixes",
    storage: "plain-text",
    conversations: 2_500,
    environment: plainTextArchive(VERSION_8),
  },
];

describe.each(OWN_TABLES)("the verdict queries on $name", ({ environment, storage, conversations: generated }) => {
  const { json } = synthEnvironment(environment);
  const table = resource(json, "aws_glue_catalog_table") as GlueTableJson;
  const queries = namedQueries(json);
  const format = environment.flowLogs.logFormat ? RecordFormat.custom(environment.flowLogs.logFormat) : RecordFormat.DEFAULT;
  const records = [
    ...classicRecords(format),
    ...scenarioRecords(format, 400, 20261209),
    ...conversationCorpus(format, generated, 20261207, T0, SPAN),
  ];
  const conversations = explained(format, records);
  const judged = conversations.map((c) => judgedRow(c));
  let engine: AthenaOnDuckDb;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-verdicts-"));
    engine = await AthenaOnDuckDb.create(dir);
    const archived = records.map((record) => ({ record, hour: hourOf(record) }));
    await engine.loadOwnArchive(table, environment, format, storage, archived);
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the corpus reaches every verdict records alone can give, in thousands of conversations", () => {
    const seen = new Set(conversations.map((c) => c.verdict));
    // Without reject-reason nothing names BPA; without tcp-flags nothing shows a reset.
    const expected = RECORDS_VERDICTS.filter(
      (v) => (format.has("reject-reason") || v !== "REFUSED_BY_BLOCK_PUBLIC_ACCESS") && (format.has("tcp-flags") || v !== "HOST_RESET"),
    );
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(records.length).toBeGreaterThan(generated * 2);
    expect(conversations.length).toBeGreaterThan(generated / 2);
  });

  test("refused-conversations-by-layer: DuckDB's rows equal the explainer's, row for row", async () => {
    const rows = (await engine.query(queries.get("refused-conversations-by-layer")!)).map(normalized);
    const expected = refusedOracle(judged, false);
    expect(expected.length).toBeGreaterThan(100);
    expect(rows).toEqual(expected);
  });

  test("verdicts-by-interface: conversations, records and bytes per interface and verdict equal the explainer's summary's breakdown", async () => {
    const rows = (await engine.query(queries.get("verdicts-by-interface")!)).map(normalized);
    expect(rows).toEqual(verdictsOracle(judged, "interface_id"));
    // The same figures as the explainer's JSON summary gives them, in the same order.
    const summary = new ConversationSummary();
    for (const c of conversations) summary.add(c);
    const { byInterface } = summary.json({ records: 0, conversations: 0, problems: 0, skipped: 0 }, SENTENCES.en);
    expect(rows).toEqual(
      byInterface.map((b) => ({
        interface_id: b.interfaceId,
        verdict: b.verdict,
        conversations: b.conversations,
        records: b.records,
        bytes: b.bytes,
      })),
    );
  });

  test("explain reads the result, as Athena's CSV and as get-query-results JSON: each row in the explainer's sentence for its conversations, with its counts", async () => {
    const raw = await engine.query(queries.get("refused-conversations-by-layer")!);
    const names = Object.keys(raw[0]);
    // DuckDB's JSON values: strings (numbers of 64 bits and timestamps as text), numbers, or null.
    const values = raw.map((r) => names.map((n) => r[n] as string | number | null));
    const csv = athenaCsv([names, ...values]);
    // As get-query-results gives a value: Athena's text, unquoted.
    const text = (v: string | number | null) => (v === null ? null : athenaCsvValue(v).slice(1, -1).replace(/""/g, '"'));
    const json = JSON.stringify({
      ResultSet: {
        Rows: [names, ...values.map((r) => r.map(text))].map((row) => ({
          Data: row.map((v) => (v === null ? {} : { VarCharValue: v })),
        })),
        ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name })) },
      },
    });
    const words = SENTENCES.en;
    // The explainer's sentence for a conversation of each row, its client without a port (a row groups the client's ports).
    const sentenceOf = new Map<string, string>();
    for (const c of conversations) {
      const key = [
        c.interfaceId,
        c.client.address,
        c.server.address,
        c.server.port,
        protocolNumber(c.protocol),
        c.verdict,
        c.layers.join(","),
      ].join(" ");
      sentenceOf.set(
        key,
        c.sentence.replace(words.endpoint(c.client.address, String(c.client.port)), words.endpoint(c.client.address, "")),
      );
    }
    for (const input of [csv, json]) {
      const { stdout, stderr } = await runExplainCommand(explainArguments(["--json"]), input);
      const said = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as ExplainedJudgedRow);
      expect(said.length).toBe(raw.length);
      expect(stderr).toBe(`${raw.length.toLocaleString("en-US")} rows of a verdict query's result, 0 problems\n`);
      said.forEach((row, i) => {
        expect(row.kind).toBe("judged");
        expect([row.verdict, row.conversations, row.records]).toEqual([
          raw[i].verdict,
          Number(raw[i].conversations),
          Number(raw[i].records),
        ]);
        const key = [row.interfaceId, row.client, row.server, row.serverPort, row.protocol, row.verdict, row.layers.join(",")].join(" ");
        const expected = sentenceOf.get(key);
        expect([key, expected !== undefined && row.sentence.startsWith(expected) ? "same" : `${row.sentence} VS ${expected}`]).toEqual([
          key,
          "same",
        ]);
        expect(row.sentence).toContain(
          `${row.conversations === 1 ? "1 conversation" : `${row.conversations.toLocaleString("en-US")} conversations`}, `,
        );
      });
    }
  });

  test("both pass Athena's and Trino's rules over the table, well under Athena's 262,144-byte limit", () => {
    const columns = [...table.storage_descriptor.columns, ...table.partition_keys];
    for (const id of ["refused-conversations-by-layer", "verdicts-by-interface"]) {
      expect([id, trinoProblems(queries.get(id)!, columns)]).toEqual([id, []]);
      expect(Buffer.byteLength(queries.get(id)!)).toBeLessThan(262_144 / 4);
    }
  });
});

describe("the verdict queries of the organisation's archive: two members, one with flow-direction and one without", () => {
  const members = [
    staging,
    environmentFrom(prod, { region: "eu-west-1", network: { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] } }),
  ];
  const { resolved, json } = synthOrganizationArchive(members);
  const table = resource(json, "aws_glue_catalog_table", "vpc-table") as GlueTableJson;
  const queries = namedQueries(json);
  const corpora = resolved.map((m, i) => {
    const format = m.flowLogs.format;
    const records = [
      ...classicRecords(format),
      ...scenarioRecords(format, 200, 20261210 + i),
      ...conversationCorpus(format, 1_500, 20261208 + i, T0, SPAN),
    ];
    return { member: m, format, records };
  });
  // Each member's records explained apart, as each account's are: conversations never cross accounts.
  const judged = corpora.flatMap(({ member, format, records }) => explained(format, records).map((c) => judgedRow(c, member.accountId)));
  let engine: AthenaOnDuckDb;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-verdicts-org-"));
    engine = await AthenaOnDuckDb.create(dir);
    await engine.loadOrganizationArchive(
      table,
      corpora.map(({ member, format, records }) => ({
        member,
        format,
        archived: records.map((record) => ({ record, hour: hourOf(record) })),
      })),
    );
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the organisation asks by account, not by interface", () => {
    expect([...queries.keys()].filter((id) => /verdict|refused-conv/.test(id)).sort()).toEqual([
      "refused-conversations-by-layer",
      "verdicts-by-account",
    ]);
  });

  test("refused-conversations-by-layer names each row's account, and equals the explainer's over both members", async () => {
    const rows = (await engine.query(queries.get("refused-conversations-by-layer")!)).map(normalized);
    const expected = refusedOracle(judged, true);
    expect(new Set(expected.map((r) => r.aws_account)).size).toBe(2);
    expect(rows).toEqual(expected);
  });

  test("verdicts-by-account: conversations, records and bytes per account and verdict equal the explainer's", async () => {
    const rows = (await engine.query(queries.get("verdicts-by-account")!)).map(normalized);
    const expected = verdictsOracle(judged, "aws_account");
    // The member without flow-direction (prod's default format) leaves more directions unknown than the one that records it.
    const unknown = (account: string) => expected.find((r) => r.aws_account === account && r.verdict === "REFUSED")?.conversations ?? 0;
    expect(unknown("333333333333")).toBeGreaterThan(2 * (unknown("222222222222") as number));
    expect(rows).toEqual(expected);
  });

  test("both pass Athena's and Trino's rules over the table", () => {
    const columns = [...table.storage_descriptor.columns, ...table.partition_keys];
    for (const id of ["refused-conversations-by-layer", "verdicts-by-account"]) {
      expect([id, trinoProblems(queries.get(id)!, columns)]).toEqual([id, []]);
    }
  });
});

describe("each fact's SQL says what the explainer's function says", () => {
  let engine: AthenaOnDuckDb;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-verdict-facts-"));
    engine = await AthenaOnDuckDb.create(dir);
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the documentation's example result is the refused query's over the classic example's records, as Athena writes CSV", async () => {
    const format = RecordFormat.DEFAULT;
    const numbers = new Set(["version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end"]);
    const columns = format.fields.map((f) => `"${f.replace(/-/g, "_")}" ${numbers.has(f) ? "BIGINT" : "VARCHAR"}`);
    await engine.connection.run(`CREATE TABLE classic (${columns.join(", ")})`);
    const lines = fs.readFileSync(path.join(__dirname, "../../docs/examples/classic/flow.log"), "utf8").trim().split("\n");
    for (const l of lines) {
      const values = l.split(" ").map((v, i) => (numbers.has(format.fields[i]) ? v : `'${v}'`));
      await engine.connection.run(`INSERT INTO classic VALUES (${values.join(", ")})`);
    }
    const sql = refusedConversationsSql({
      c: (f) => quoted(columnName(f)),
      has: (f) => format.has(f),
      window: "true",
      organization: false,
      table: "classic",
    });
    const rows = await engine.query(sql);
    const names = Object.keys(rows[0]);
    const csv = athenaCsv([names, ...rows.map((r) => names.map((n) => r[n] as string | number | null))]);
    expect(fs.readFileSync(path.join(__dirname, "../../docs/examples/refused-by-layer/result.csv"), "utf8")).toBe(csv);
  });

  test("a service port: every port from 0 to 65535", async () => {
    const rows = await engine.query(`SELECT range AS port FROM range(0, 65536) WHERE ${servicePortSql("range")} ORDER BY 1`);
    const expected = Array.from({ length: 65536 }, (_, p) => p).filter(isServicePort);
    expect(rows.map((r) => Number(r.port))).toEqual(expected);
  });

  test("a private address: each range's first and last address and its neighbours outside, IPv4 and IPv6", async () => {
    const edges = [
      ...["9.255.255.255", "10.0.0.0", "10.255.255.255", "11.0.0.0", "172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0"],
      ...["192.167.255.255", "192.168.0.0", "192.168.255.255", "192.169.0.0", "100.63.255.255", "100.64.0.0", "100.127.255.255"],
      ...["100.128.0.0", "169.253.255.255", "169.254.0.0", "169.254.255.255", "169.255.0.0", "110.1.1.1", "1.10.1.1", "203.0.113.7"],
      ...[
        "fc00::",
        "fdff:ffff::1",
        "FD00::1",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "fbff::1",
        "fe7f::1",
        "2001:db8::1",
        "::1",
        "::ffff:10.0.0.1",
      ],
    ];
    const values = edges.map((a) => `('${a}')`).join(", ");
    const rows = await engine.query(`SELECT a FROM (VALUES ${values}) AS t(a) WHERE ${privateAddressSql("a")}`);
    expect(rows.map((r) => r.a).sort()).toEqual(edges.filter(isPrivateAddress).sort());
    expect(edges.filter(isPrivateAddress).length).toBeGreaterThan(10);
  });
});

describe("where the explainer and the queries may differ, and why", () => {
  const format = RecordFormat.DEFAULT;
  const line = (src: string, dst: string, sport: number, dport: number, start: number, action: string, eni = "eni-0aaaaaaaaaaaaaaa1") =>
    `2 123456789010 ${eni} ${src} ${dst} ${sport} ${dport} 6 1 60 ${start} ${start + 60} ${action} OK`;

  test("between two private ends without flow-direction, the explainer learns the interface's address from its other records; a query does not", () => {
    // The interface 10.0.1.5 talks to three private peers: its address is in every record.
    const lines = [
      line("10.0.2.9", "10.0.1.5", 40000, 22, T0, "REJECT"),
      line("10.0.1.5", "10.0.3.3", 40001, 443, T0 + 5, "ACCEPT"),
      line("10.0.3.3", "10.0.1.5", 443, 40001, T0 + 5, "ACCEPT"),
      line("10.0.1.5", "10.0.4.4", 40002, 5432, T0 + 9, "ACCEPT"),
    ];
    const verdictOf = (learnAddresses: boolean) =>
      explainRecords(lines, { format, records: false, learnAddresses }).find(
        (e): e is ExplainedConversation => e.kind === "conversation" && e.server.port === 22,
      )?.verdict;
    expect([verdictOf(true), verdictOf(false)]).toEqual(["REFUSED_INBOUND", "REFUSED"]);
  });

  test("records more than eleven minutes late: the explainer has already judged the conversation they belong to; a query has no order", () => {
    // Two windows of one conversation 10 minutes apart, with another interface's records 15 minutes later between them.
    const first = line("203.0.113.12", "10.0.1.5", 40000, 22, T0, "REJECT");
    const late = line("203.0.113.12", "10.0.1.5", 40000, 22, T0 + 600, "REJECT");
    const other = line("203.0.113.99", "10.0.9.9", 40000, 80, T0 + 1500, "ACCEPT", "eni-0aaaaaaaaaaaaaaa2");
    const count = (lines: string[]) =>
      explainRecords(lines, { format, records: false }).filter((e) => e.kind === "conversation" && e.interfaceId.endsWith("1")).length;
    // In order of time: one conversation, as the query finds; with the late window after the other interface's: two.
    expect([count([first, late, other]), count([first, other, late])]).toEqual([1, 2]);
  });
});
