/**
 * The named queries, proven on a real engine and a real grammar (there is no AWS here):
 * - every query (and the table as DDL) parses under node-sql-parser's Athena and Trino grammars;
 * - every query runs on DuckDB over records the test writes as AWS does (Parquet with AWS's
 *   physical types under AWS's keys, or gzip text), through a table defined from the
 *   synthesized Glue table alone; its rows equal an oracle computed here over the same records.
 * - every query passes a check as strict as Trino where DuckDB is lax (names in WHERE, GROUP BY
 *   and HAVING from the table only, Trino's functions, no string/number comparison), and the
 *   partitions Athena's projection leaves for its window are counted.
 * Three archives: prod (default format, Parquet, plain date folders, hourly), staging (a custom
 * version-5 format, Parquet, plain date folders, daily) and a fixture of its own with Athena: a
 * custom format in plain text under Hive-compatible prefixes, daily.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { Parser } from "node-sql-parser";
import type { EnvironmentConfig } from "../../constructs";
import { quoted } from "../../constructs/athena/columns";
import { DEFAULT_FORMAT_FIELDS, FLOW_LOG_FIELDS, RecordFormat, type FlowLogField } from "../../constructs/records/record-format";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { resource, resources, synthEnvironment, synthOrganizationArchive, warningsUnder } from "../support/helpers";
import { AthenaOnDuckDb, GlueTableJson, READABLE_PHYSICAL_TYPES } from "../support/athena-on-duckdb";
import { dateParts } from "../support/aws-archive-layout";
import { environmentFrom, plainTextArchive, withOwnArchive } from "../support/environment";
import { FOLLOWED_ADDRESS, RECORDS_LIMIT } from "../../constructs/athena/named-queries";
import { recordArb, type FlowRecord } from "../support/flow-records";
import { candidatePartitions } from "../support/projection";
import { trinoProblems } from "../support/trino-rules";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A value as the table reads it: a number, a string, or null. */
type Value = number | string | null;
type Row = Record<string, Value>;

/** The archives under test: an environment and how its S3 destination writes. */
interface Archive {
  readonly name: string;
  readonly environment: EnvironmentConfig;
}

/** A custom format in an order of its own: times first, then the default fields, then version-3 fields. */
const textFormat: FlowLogField[] = [
  "start",
  "end",
  ...DEFAULT_FORMAT_FIELDS.filter((f) => f !== "start" && f !== "end" && f !== "version"),
  "subnet-id",
  "instance-id",
  "pkt-srcaddr",
  "pkt-dstaddr",
  "version",
];
const ARCHIVES: Archive[] = [
  { name: "prod", environment: withOwnArchive(prod) },
  { name: "staging", environment: withOwnArchive(staging) },
  {
    name: "custom format in plain text",
    environment: plainTextArchive(textFormat),
  },
];

/**
 * Records of a format, shaped so that the queries have something to find: addresses, ports,
 * interfaces, subnets and instances drawn from small pools (so that groups form), some IPv6,
 * and each record placed in an hour folder: three recent days (inside the 7-day window) and
 * two old ones (outside it). NODATA and SKIPDATA records come from the generator.
 */
function archiveRecords(format: RecordFormat, now: number): { record: FlowRecord; hour: Date }[] {
  const pools: Partial<Record<FlowLogField, string[]>> = {
    // 10.20.x is in staging's VPC and 10.30.x in prod's: traffic between the organisation's members
    // (each pool's length prime to 7, as records pick by i * 7; 10.20 then 10.30 come together).
    srcaddr: ["10.0.1.5", "10.0.2.9", "203.0.113.7", "2001:db8::a", "198.51.100.4", "10.20.1.5", "10.30.2.7", "198.51.100.9"],
    dstaddr: ["10.0.1.5", "10.0.3.3", "10.20.1.5", "10.30.2.7", "2001:db8::b", "192.0.2.44"],
    "pkt-srcaddr": ["10.0.1.5", "203.0.113.7", "198.51.100.9"],
    "pkt-dstaddr": ["10.0.3.3", "192.0.2.44"],
    dstport: ["80", "22", "3389", "443", "123", "80"],
    srcport: ["49152", "22", "51000", "3389"],
    "interface-id": ["eni-0aaaaaaaaaaaaaaa1", "eni-0aaaaaaaaaaaaaaa2", "eni-0aaaaaaaaaaaaaaa3"],
    "subnet-id": ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
    "instance-id": ["i-0ccccccccccccccc1", "i-0ccccccccccccccc2", "-"],
    protocol: ["6", "6", "17"],
  };
  const hours = [1, 2, 3, 20, 40].map((daysAgo, i) => new Date(Math.floor((now - daysAgo * DAY) / HOUR) * HOUR - i * 5 * HOUR));
  return fc.sample(recordArb(format), { numRuns: 600, seed: 20261123 }).map((generated, i) => {
    const record: FlowRecord = { ...generated };
    for (const [field, pool] of Object.entries(pools) as [FlowLogField, string[]][]) {
      if (record[field] !== undefined && record[field] !== "-") record[field] = pool[(i * 7 + field.length) % pool.length];
    }
    const hour = hours[i % hours.length];
    const start = hour.getTime() / 1000 + ((i * 53) % 3540);
    if (format.has("start")) record.start = String(start);
    if (format.has("end")) record.end = String(start + 60);
    return { record, hour };
  });
}

/** A record as the table reads it, column by column (`-`: null, or in plain text the string "-"). */
function rowOf(format: RecordFormat, record: FlowRecord, storage: "parquet" | "plain-text"): Row {
  return Object.fromEntries(
    format.fields.map((f) => {
      const v = record[f] ?? "-";
      const value = FLOW_LOG_FIELDS[f].kind === "number" ? (v === "-" ? null : Number(v)) : v === "-" && storage === "parquet" ? null : v;
      return [f.replace(/-/g, "_"), value];
    }),
  );
}

/** Ascending order with nulls last (Trino's and DuckDB's default), strings by code point. */
function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Groups rows, aggregates each group, orders by `by` (a column descending, then the keys) and limits. */
function grouped(rows: Row[], keys: string[], aggregates: Record<string, (group: Row[]) => Value>, by: string, limit = Infinity): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = JSON.stringify(keys.map((c) => r[c]));
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const out = [...groups.values()].map((g) => ({
    ...Object.fromEntries(keys.map((c) => [c, g[0][c]])),
    ...Object.fromEntries(Object.entries(aggregates).map(([name, f]) => [name, f(g)])),
  }));
  // Descending, nulls still last; then the keys ascending.
  const descending = (a: Value, b: Value) => (a === null || b === null ? compare(a, b) : compare(b, a));
  out.sort((a, b) => descending(a[by], b[by]) || keys.reduce((acc, c) => acc || compare(a[c], b[c]), 0));
  return out.slice(0, limit);
}

const sum = (c: string) => (g: Row[]) => {
  const values = g.map((r) => r[c]).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
};
const count = (g: Row[]) => g.length;
const bytesOf = (rows: Row[]) => rows.filter((r) => r.bytes !== null);
const period = (r: Row) => (r.start as number) - ((r.start as number) % 300);

/** The verdict queries: their oracle is the explainer, over records made for them (athena-verdicts.test.ts). */
const VERDICT_QUERIES = ["refused-conversations-by-layer", "verdicts-by-interface", "verdicts-by-account"];
const judgedElsewhere = (id: string) => VERDICT_QUERIES.includes(id);

/** What each named query must return over the window's rows: the oracle. */
const ORACLE: Record<string, (rows: Row[]) => Row[]> = {
  "http-traffic": (rows) =>
    rows
      .filter((r) => r.dstport === 80)
      .map((r) => ({ start_time: r.start, srcaddr: r.srcaddr, dstaddr: r.dstaddr, dstport: r.dstport, action: r.action }))
      .sort(
        (a, b) =>
          compare(b.start_time, a.start_time) ||
          compare(a.srcaddr, b.srcaddr) ||
          compare(a.dstaddr, b.dstaddr) ||
          compare(a.action, b.action),
      )
      .slice(0, 100),
  "top-talkers": (rows) => grouped(bytesOf(rows), ["srcaddr", "dstaddr"], { bytes_transferred: sum("bytes") }, "bytes_transferred", 10),
  "rejected-by-source-and-port": (rows) =>
    grouped(
      rows.filter((r) => r.action === "REJECT"),
      ["srcaddr", "dstport"],
      { rejected_flows: count },
      "rejected_flows",
      25,
    ),
  "rejected-ssh-rdp": (rows) =>
    grouped(
      rows.filter((r) => r.action === "REJECT" && r.protocol === 6 && (r.dstport === 22 || r.dstport === 3389)),
      ["srcaddr", "dstport"],
      { attempts: count },
      "attempts",
      25,
    ),
  "traffic-per-interface": (rows) =>
    grouped(
      rows,
      ["interface_id"],
      { bytes_transferred: (g) => sum("bytes")(g) ?? 0, packets_transferred: (g) => sum("packets")(g) ?? 0, flows: count },
      "bytes_transferred",
      25,
    ),
  "top-destination-ports": (rows) =>
    grouped(bytesOf(rows), ["dstport", "protocol"], { bytes_transferred: sum("bytes") }, "bytes_transferred", 10),
  "log-delivery-health": (rows) =>
    grouped(
      rows.filter((r) => r.log_status === "NODATA" || r.log_status === "SKIPDATA").map((r) => ({ ...r, period: period(r) })),
      ["period", "log_status"],
      { records: count },
      "period",
    ).map(({ period: p, log_status, records }) => ({ period: p, log_status, records })),
  "rejected-over-time": (rows) =>
    grouped(
      rows.filter((r) => r.action === "REJECT").map((r) => ({ ...r, period: period(r) })),
      ["period"],
      { records: count },
      "period",
    ),
  "admin-port-traffic": (rows) =>
    grouped(
      rows.filter((r) => [22, 3389].includes(r.srcport as number) || [22, 3389].includes(r.dstport as number)),
      ["srcaddr", "dstaddr", "dstport", "action"],
      { flows: count },
      "flows",
      100,
    ),
  "ipv6-traffic": (rows) =>
    grouped(
      bytesOf(rows).filter((r) => String(r.srcaddr).includes(":") || String(r.dstaddr).includes(":")),
      ["srcaddr", "dstaddr"],
      { bytes_transferred: sum("bytes") },
      "bytes_transferred",
      25,
    ),
  "top-talkers-packet-level": (rows) =>
    grouped(bytesOf(rows), ["pkt_srcaddr", "pkt_dstaddr"], { bytes_transferred: sum("bytes") }, "bytes_transferred", 10),
  "top-talking-subnets": (rows) => grouped(bytesOf(rows), ["subnet_id"], { bytes_transferred: sum("bytes") }, "bytes_transferred", 10),
  "top-talking-instances": (rows) =>
    grouped(
      bytesOf(rows).filter((r) => r.instance_id !== null && r.instance_id !== "-"),
      ["instance_id"],
      { bytes_transferred: sum("bytes") },
      "bytes_transferred",
      10,
    ),
  // Every field's column (the partitions, which SELECT * adds, are compared apart), oldest first.
  "records-of-address": (rows) =>
    rows
      .filter((r) => r.srcaddr === FOLLOWED_ADDRESS || r.dstaddr === FOLLOWED_ADDRESS)
      .map(({ aws_account: _account, aws_region: _region, ...r }) => r)
      .sort((a, b) => compare(a.start, b.start) || compare(a.srcaddr, b.srcaddr) || compare(a.dstaddr, b.dstaddr))
      .slice(0, RECORDS_LIMIT)
      // Read back as the engine's rows are: a string column whose generated value is digits reads as a number there too.
      .map((r) => normalized(r)),
};

/** The member whose VPC an address is in: the organisation test's members, staging (10.20.0.0/16) and prod (10.30.0.0/16). */
const MEMBER_BLOCKS: readonly [string, string][] = [
  ["staging", "10.20."],
  ["prod", "10.30."],
];
const memberOf = (address: Value) =>
  typeof address === "string" ? (MEMBER_BLOCKS.find(([, prefix]) => address.startsWith(prefix))?.[0] ?? null) : null;

/** What each question only the organisation's archive answers must return over the window's rows of every account. */
const ORGANIZATION_ORACLE: Record<string, (rows: Row[]) => Row[]> = {
  "traffic-between-member-vpcs": (rows) =>
    grouped(
      rows
        .map((r) => ({ ...r, source_environment: memberOf(r.srcaddr), destination_environment: memberOf(r.dstaddr) }))
        .filter(
          (r) => r.source_environment !== null && r.destination_environment !== null && r.source_environment !== r.destination_environment,
        ),
      ["aws_account", "source_environment", "destination_environment"],
      { flows: count, bytes_transferred: (g) => sum("bytes")(g) ?? 0 },
      "bytes_transferred",
      100,
    ),
  "rejected-by-account-and-vpc": (rows) =>
    grouped(
      rows.filter((r) => r.action === "REJECT"),
      ["aws_account", "vpc_id"],
      { rejected_flows: count },
      "rejected_flows",
      50,
    ),
  "top-talkers-across-accounts": (rows) =>
    grouped(bytesOf(rows), ["aws_account", "srcaddr", "dstaddr"], { bytes_transferred: sum("bytes") }, "bytes_transferred", 25),
  "address-in-every-account": (rows) =>
    rows
      .filter((r) => r.srcaddr === FOLLOWED_ADDRESS || r.dstaddr === FOLLOWED_ADDRESS)
      .map((r) => ({
        aws_account: r.aws_account,
        aws_region: r.aws_region,
        start_time: r.start,
        srcaddr: r.srcaddr,
        srcport: r.srcport,
        dstaddr: r.dstaddr,
        dstport: r.dstport,
        protocol: r.protocol,
        action: r.action,
      }))
      .sort(
        (a, b) =>
          compare(b.start_time, a.start_time) ||
          compare(a.aws_account, b.aws_account) ||
          compare(a.srcaddr, b.srcaddr) ||
          compare(a.srcport, b.srcport) ||
          compare(a.dstaddr, b.dstaddr) ||
          compare(a.dstport, b.dstport) ||
          compare(a.action, b.action),
      )
      .slice(0, 1000),
};

/**
 * The engine's rows as the oracle's are compared. The records query selects every column and
 * orders by start, source and destination only: its rows are checked in that order, its
 * columns beyond the fields are the partitions, and rows that tie are compared as a set.
 */
function comparable(id: string, returned: Row[], expected: Row[], partitions: readonly string[]): { returned: Row[]; expected: Row[] } {
  if (id !== "records-of-address") return { returned, expected };
  const fields = Object.keys(expected[0] ?? {});
  const extra = [...new Set(returned.flatMap((r) => Object.keys(r).filter((k) => !fields.includes(k))))].sort();
  expect(extra).toEqual([...partitions].sort());
  const key = (r: Row) => [r.start, r.srcaddr, r.dstaddr] as Value[];
  returned
    .slice(1)
    .forEach((r, i) => expect(key(returned[i]).reduce((acc: number, v, j) => acc || compare(v, key(r)[j]), 0)).toBeLessThanOrEqual(0));
  const bySet = (rows: Row[]) => rows.map((r) => JSON.stringify(fields.map((f) => r[f]))).sort();
  return { returned: bySet(returned) as unknown as Row[], expected: bySet(expected) as unknown as Row[] };
}

/** DuckDB's JSON values as the oracle writes them: numbers as numbers, timestamps as epoch seconds. */
function normalized(row: Record<string, unknown>): Row {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => {
      if (typeof v === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/.test(v))
        return [k, Date.parse(`${v.replace(" ", "T")}:00`) / 1000];
      if (typeof v === "string" && /^-?\d+$/.test(v) && !/^(srcaddr|dstaddr|aws_account|account_id)$/.test(k)) return [k, Number(v)];
      return [k, v as Value];
    }),
  );
}

/** The partition columns of a synthesized Glue table. */
const partitionsOf = (table: GlueTableJson): string[] => table.partition_keys.map((p) => p.name);

/** Each archive's stack, synthesized once for both suites. */
const synthesized = new Map<EnvironmentConfig, ReturnType<typeof synthEnvironment>>();
function synthOnce(environment: EnvironmentConfig): ReturnType<typeof synthEnvironment> {
  if (!synthesized.has(environment)) synthesized.set(environment, synthEnvironment(environment));
  return synthesized.get(environment)!;
}

function namedQueries(json: ReturnType<typeof synthEnvironment>["json"]): Map<string, string> {
  return new Map(resources(json, "aws_athena_named_query").map(([, q]) => [String(q.name).split("/").pop()!, String(q.query)]));
}

describe.each(ARCHIVES)("named queries on $name", ({ environment }) => {
  const { json, stack } = synthOnce(environment);
  const table = resource(json, "aws_glue_catalog_table") as GlueTableJson;
  const destination = environment.flowLogs.destinations.find((d) => d.type === "s3")!;
  const storage = destination.type === "s3" && destination.fileFormat === "plain-text" ? "plain-text" : "parquet";
  const format = environment.flowLogs.logFormat ? RecordFormat.custom(environment.flowLogs.logFormat) : RecordFormat.DEFAULT;
  const queries = namedQueries(json);
  const now = Date.now();
  const archived = archiveRecords(format, now);
  // The window's first day: the UTC date 6 days before today, as the queries' condition computes it.
  const weekAgo = new Date(now - 6 * DAY);
  const windowStart = Date.UTC(weekAgo.getUTCFullYear(), weekAgo.getUTCMonth(), weekAgo.getUTCDate());
  const rows = archived.filter((a) => a.hour.getTime() >= windowStart).map((a) => rowOf(format, a.record, storage));
  let engine: AthenaOnDuckDb;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-athena-"));
    engine = await AthenaOnDuckDb.create(dir);
    await engine.loadOwnArchive(table, environment, format, storage, archived);
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the records straddle the window, and NODATA/SKIPDATA rows are among them", () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(archived.length);
    if (format.has("log-status")) expect(rows.some((r) => r.log_status !== "OK")).toBe(true);
  });

  if (storage === "parquet") {
    test("each declared column reads the physical type AWS writes (Athena widens INT32 to bigint, never narrows INT64)", async () => {
      const physical = await engine.parquetTypes(table);
      const unreadable = table.storage_descriptor.columns
        .filter((c) => !READABLE_PHYSICAL_TYPES[c.type].includes(physical[c.name]))
        .map((c) => `${c.name} ${c.type} over ${physical[c.name]}`);
      expect(unreadable).toEqual([]);
      // protocol is declared bigint, as AWS's Athena guide has it, over the INT32 AWS writes.
      expect([table.storage_descriptor.columns.find((c) => c.name === "protocol")?.type, physical.protocol]).toEqual(["bigint", "INT32"]);
    });
  }

  test("the table reads every record of the archive, nothing twice", async () => {
    const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${table.name}`);
    expect(Number(n)).toBe(archived.length);
  });

  test("every named query has an oracle, and each format-supported query of the catalogue is there", () => {
    expect([...queries.keys()].filter((id) => !(id in ORACLE) && !judgedElsewhere(id))).toEqual([]);
    expect(queries.size).toBeGreaterThanOrEqual(8);
    // One warning line lists every named query left out: `"<id>" (<why>)` each.
    const warnings = warningsUnder(stack).filter((w) => w.includes("named quer"));
    expect(warnings.length).toBeLessThanOrEqual(1);
    const leftOut = [...(warnings[0] ?? "").matchAll(/"([a-z-]+)" \(/g)].map((m) => m[1]);
    const verdicts = [...queries.keys(), ...leftOut].filter(judgedElsewhere).length;
    expect(verdicts).toBe(2);
    expect(queries.size + leftOut.length).toBe(Object.keys(ORACLE).length + verdicts);
  });

  test.each(Object.keys(ORACLE))("%s: the rows DuckDB returns equal the oracle's", async (id) => {
    const sql = queries.get(id);
    if (sql === undefined) return; // left out for this format: the warning test above counts it
    const expected = ORACLE[id](rows);
    expect(expected.length).toBeGreaterThan(0);
    const c = comparable(id, (await engine.query(sql)).map(normalized), expected, partitionsOf(table));
    expect(c.returned).toEqual(c.expected);
  });
});

describe("named queries of the organisation's archive: two member accounts in two regions, each in its own format", () => {
  // staging (its custom format, v3 to v5 fields) and prod's default format in another region.
  const members = [
    staging,
    environmentFrom(prod, { region: "eu-west-1", network: { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] } }),
  ];
  const { resolved, json } = synthOrganizationArchive(members);
  const table = resource(json, "aws_glue_catalog_table", "vpc-table") as GlueTableJson;
  const queries = namedQueries(json);
  const columns = table.storage_descriptor.columns.map((c) => c.name);
  const now = Date.now();
  const weekAgo = new Date(now - 6 * DAY);
  const windowStart = Date.UTC(weekAgo.getUTCFullYear(), weekAgo.getUTCMonth(), weekAgo.getUTCDate());
  const archives = resolved.map((m) => ({ member: m, archived: archiveRecords(m.flowLogs.format, now) }));
  // Every column of the table for every row: a member without a field reads null there.
  const rows = archives.flatMap(({ member, archived }) =>
    archived
      .filter((a) => a.hour.getTime() >= windowStart)
      .map((a) => {
        const own = rowOf(member.flowLogs.format, a.record, "parquet");
        return {
          ...Object.fromEntries<Value>(columns.map((c) => [c, own[c] ?? null])),
          aws_account: member.accountId,
          aws_region: member.region,
        };
      }),
  );
  let engine: AthenaOnDuckDb;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-athena-org-"));
    engine = await AthenaOnDuckDb.create(dir);
    await engine.loadOrganizationArchive(
      table,
      archives.map(({ member, archived }) => ({ member, format: member.flowLogs.format, archived })),
    );
    // The member VPCs' table: its object as synthesized, read as the Glue table says (CSV, no header).
    const object = resource(json, "aws_s3_object", "member-networks-csv") as { bucket: string; key: string; content: string };
    const networks = resource(json, "aws_glue_catalog_table", "member-networks-table") as GlueTableJson;
    const file = engine.local(`s3://${object.bucket}/${object.key}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, object.content);
    const types = networks.storage_descriptor.columns.map((c) => `'${c.name}': '${c.type === "bigint" ? "BIGINT" : "VARCHAR"}'`);
    await engine.connection.run(
      `CREATE VIEW ${networks.name} AS SELECT * FROM read_csv('${engine.local(networks.storage_descriptor.location)}*', header = false, columns = {${types.join(", ")}})`,
    );
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the table is defined from the synthesized Glue table alone: every field any member logs, partitioned by account and region", () => {
    expect(table.partition_keys.map((k) => k.name)).toEqual(["aws_account", "aws_region", "date", "hour"]);
    expect(columns).toEqual(expect.arrayContaining(["vpc_id", "pkt_srcaddr", "traffic_path", "bytes"]));
    expect(table.parameters["projection.aws_account.values"]).toBe("222222222222,333333333333");
    expect(table.parameters["projection.aws_region.values"]).toBe("ap-northeast-1,eu-west-1");
  });

  test("it reads every record of both accounts, nothing twice; a field one member lacks reads null for its records", async () => {
    const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${table.name}`);
    expect(Number(n)).toBe(archives.reduce((k, a) => k + a.archived.length, 0));
    const perAccount = await engine.query(
      `SELECT aws_account, aws_region, count(*) AS n, count(vpc_id) AS with_vpc FROM ${table.name} GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(perAccount.map((r) => [r.aws_account, r.aws_region, Number(r.with_vpc) > 0])).toEqual([
      ["222222222222", "ap-northeast-1", true],
      ["333333333333", "eu-west-1", false],
    ]);
  });

  test("every named query passes Athena's and Trino's rules over the table (and the member VPCs' table it joins)", () => {
    const networks = resource(json, "aws_glue_catalog_table", "member-networks-table") as GlueTableJson;
    const all = [...table.storage_descriptor.columns, ...table.partition_keys, ...networks.storage_descriptor.columns];
    expect(queries.size).toBeGreaterThanOrEqual(10);
    for (const [id, sql] of queries) expect([id, trinoProblems(sql, all)]).toEqual([id, []]);
  });

  const oracles = { ...ORACLE, ...ORGANIZATION_ORACLE };
  test("every named query has an oracle: the catalogue's, and the questions only the organisation answers, each naming the account", () => {
    expect([...queries.keys()].filter((id) => !judgedElsewhere(id)).sort()).toEqual(Object.keys(oracles).sort());
    for (const id of Object.keys(ORGANIZATION_ORACLE)) expect(queries.get(id)).toMatch(/^SELECT aws_account\b/m);
  });

  test.each(Object.keys(oracles))("%s: over both accounts, the rows DuckDB returns equal the oracle's", async (id) => {
    const sql = queries.get(id);
    if (sql === undefined) return;
    const expected = oracles[id](rows);
    expect(expected.length).toBeGreaterThan(0);
    const c = comparable(id, (await engine.query(sql)).map(normalized), expected, partitionsOf(table));
    expect(c.returned).toEqual(c.expected);
  });
});

describe("the queries and the table under Athena's and Trino's grammars", () => {
  const parser = new Parser();
  const all = ARCHIVES.flatMap((a) => {
    const { json } = synthOnce(a.environment);
    return [...namedQueries(json)].map(([id, sql]) => ({ archive: a.name, id, sql }));
  });

  test.each(["athena", "trino"])("every named query parses (%s)", (database) => {
    expect(all.length).toBeGreaterThan(25);
    const failures = all.flatMap(({ archive, id, sql }) => {
      try {
        parser.astify(sql, { database });
        return [];
      } catch (e) {
        return [`${archive}/${id}: ${(e as Error).message.slice(0, 120)}`];
      }
    });
    expect(failures).toEqual([]);
  });

  test("the grammar refuses what Athena refuses: an unquoted end, a dangling condition", () => {
    expect(() => parser.astify("SELECT end FROM vpc_flow_logs", { database: "trino" })).toThrow();
    expect(() => parser.astify("SELECT srcaddr FROM vpc_flow_logs WHERE", { database: "trino" })).toThrow();
  });

  test.each(ARCHIVES)("the table of $name, as DDL (columns, then partitions), parses", ({ environment }) => {
    const table = resource(synthOnce(environment).json, "aws_glue_catalog_table") as GlueTableJson;
    const sqlType = (t: string) => (t === "string" ? "varchar" : t === "int" ? "integer" : t);
    const columns = [...table.storage_descriptor.columns, ...table.partition_keys].map((c) => `${quoted(c.name)} ${sqlType(c.type)}`);
    const ddl = `CREATE TABLE ${table.name} (${columns.join(", ")})`;
    for (const database of ["athena", "trino"]) expect(() => parser.astify(ddl, { database })).not.toThrow();
  });
});

describe("the queries as strictly as Athena's engine (Trino) reads them", () => {
  const cases = ARCHIVES.flatMap((a) => {
    const table = resource(synthOnce(a.environment).json, "aws_glue_catalog_table") as GlueTableJson;
    const columns = [...table.storage_descriptor.columns, ...table.partition_keys];
    return [...namedQueries(synthOnce(a.environment).json)].map(([id, sql]) => ({ archive: a.name, id, sql, table, columns }));
  });

  test("every named query of every archive passes: names from the table, Trino's functions, no string/number comparison", () => {
    expect(cases.length).toBeGreaterThan(25);
    expect(cases.flatMap(({ archive, id, sql, columns }) => trinoProblems(sql, columns).map((p) => `${archive}/${id}: ${p}`))).toEqual([]);
  });

  test("the check fails where Athena fails and DuckDB does not: GROUP BY a SELECT alias", async () => {
    const { sql, columns, archive, id } = cases.find((c) => c.id === "log-delivery-health" && c.archive === "staging")!;
    const withAlias = sql.replace(/GROUP BY 1, 2/, "GROUP BY period, log_status");
    expect(withAlias).not.toBe(sql);
    expect(trinoProblems(withAlias, columns).map((p) => `${archive}/${id}: ${p}`)).toEqual([
      "staging/log-delivery-health: GROUP BY: column 'period' cannot be resolved: it is a SELECT alias, and Trino resolves GROUP BY against the table only (use the ordinal, or repeat the expression)",
    ]);
    // DuckDB, the stand-in that runs the queries, accepts it: why this check exists.
    const engine = await AthenaOnDuckDb.create(os.tmpdir());
    try {
      await engine.connection.run(
        `CREATE TABLE vpc_flow_logs (${columns.map((c) => `"${c.name}" ${c.type === "string" ? "VARCHAR" : "BIGINT"}`).join(", ")})`,
      );
      await expect(engine.query(withAlias)).resolves.toEqual([]);
    } finally {
      engine.close();
    }
  });
  // The check's own cases, clause by clause: athena/trino-check.test.ts.
});

describe("the partitions a named query reads, by the table's projection and the query's WHERE", () => {
  const hourly = (t: GlueTableJson) => t.partition_keys.some((k) => k.name === "hour");
  const cases = ARCHIVES.map((a) => {
    const { json } = synthOnce(a.environment);
    return { name: a.name, table: resource(json, "aws_glue_catalog_table") as GlueTableJson, queries: namedQueries(json) };
  });
  // Mid-month, across a month's end, across a year's end.
  const days = [new Date(Date.UTC(2026, 10, 18, 9)), new Date(Date.UTC(2026, 11, 3, 23, 59)), new Date(Date.UTC(2027, 0, 2, 0, 5))];

  test.each(cases.filter((c) => !c.table.partition_keys.some((k) => k.name === "year")))(
    "$name (a projected date): today and the 6 days before it, every day of the year",
    ({ table, queries }) => {
      for (const now of days) {
        for (const [id, sql] of queries) {
          const { perColumn, count } = candidatePartitions(sql, table, now);
          const week = Array.from({ length: 7 }, (_, i) => dateParts(new Date(now.getTime() - (6 - i) * DAY)).date);
          expect([id, perColumn.date]).toEqual([id, week]);
          expect([id, count]).toEqual([id, 7 * (hourly(table) ? 24 : 1)]);
        }
      }
    },
  );

  test.each(cases.filter((c) => c.table.partition_keys.some((k) => k.name === "year")))(
    "$name (Hive: year, month, day): 7 candidates within a month, at most 14 across a month's end and 28 across a year's end",
    ({ table, queries }) => {
      for (const [now, most] of [
        [days[0], 7],
        [days[1], 14],
        [days[2], 28],
      ] as const) {
        for (const [id, sql] of queries) {
          const { perColumn, count } = candidatePartitions(sql, table, now);
          expect([id, count]).toEqual([id, expect.any(Number)]);
          expect(count).toBeLessThanOrEqual(most * (hourly(table) ? 24 : 1));
          // Every day of the window is a candidate.
          for (let back = 0; back < 7; back++) {
            const d = dateParts(new Date(now.getTime() - back * DAY));
            expect([id, perColumn.year.includes(d.year) && perColumn.month.includes(d.month) && perColumn.day.includes(d.day)]).toEqual([
              id,
              true,
            ]);
          }
        }
      }
    },
  );

  test("a query with no window: the projected dates end today (nothing in the future is a candidate)", () => {
    const { table } = cases.find((c) => c.name === "prod")!;
    const now = days[1];
    const { perColumn, count } = candidatePartitions("SELECT count(*) FROM vpc_flow_logs", table, now);
    expect(perColumn.date.at(-1)).toBe("2026/12/03");
    expect(perColumn.date[0]).toBe("2024/01/01");
    expect(count).toBe(perColumn.date.length * 24);
  });

  test("the candidates are the ones a narrower or a wrong condition gives (the counter is no constant)", () => {
    const { table } = cases.find((c) => c.name === "prod")!;
    const now = days[0];
    const count = (where: string) => candidatePartitions(`SELECT count(*) FROM vpc_flow_logs WHERE ${where}`, table, now).count;
    expect(count(`"date" = date_format(current_date, '%Y/%m/%d') AND hour IN ('00', '01')`)).toBe(2);
    // The condition this project's queries had before: a concatenation, from which no range is derived.
    expect(count(`year || month || day >= date_format(current_date - INTERVAL '7' DAY, '%Y%m%d')`)).toBeGreaterThan(700 * 24);
  });
});
