/**
 * Athena named queries over the flow-log table: the catalogue the Logs Insights saved queries
 * answer (records/query-catalogue.ts), in Athena's SQL, and the questions of AWS's own Athena
 * integration that a record format can answer (admin ports, IPv6, packet-level top talkers,
 * top subnets and instances). Each reads only the date partitions of a recent window, so that
 * a query costs what a few days of records cost, and says in a comment how to read more.
 */
import type { FlowLogField } from "../records/record-format";
import { QueryPurpose, REMOTE_ACCESS_PORTS, SHARED_QUERIES, SharedQueryId, TCP } from "../records/query-catalogue";
import { columnName, quoted } from "./columns";
import { accountsInjected, ORGANIZATION_PARTITION_CAP, partitionColumns, type ArchiveLayout } from "./layout";
import { ipv4Number, MEMBER_NETWORKS_TABLE } from "./member-networks";
import { CONVERSATION_FIELDS, refusedConversationsSql, verdictsBySql } from "./verdict-queries";

/** The partitions one day of a named query reads: every projected account (or the one it names) and region, each hour. */
export function partitionsPerDay(layout: ArchiveLayout): number {
  const org = layout.organization;
  const accounts = org ? (accountsInjected(org) ? 1 : org.accounts.length) : 1;
  const regions = org ? org.regions.length : 1;
  return accounts * regions * (partitionColumns(layout).includes("hour") ? 24 : 1);
}

/**
 * The days a named query reads: the window, shortened for an organisation's archive to keep
 * under {@link ORGANIZATION_PARTITION_CAP}; a day where the accounts are injected, so that a
 * query reads as many accounts as the cap allows ({@link listedAccounts}).
 */
export function namedQueryDays(layout: ArchiveLayout): number {
  if (!layout.organization) return NAMED_QUERY_WINDOW_DAYS;
  if (accountsInjected(layout.organization)) return 1;
  return Math.max(1, Math.min(NAMED_QUERY_WINDOW_DAYS, Math.floor(ORGANIZATION_PARTITION_CAP / partitionsPerDay(layout))));
}

/**
 * The accounts a named query names where the organisation table's accounts are injected: as
 * many as keep `days` of every region under {@link ORGANIZATION_PARTITION_CAP}, the first by
 * id; undefined where the accounts are an enum (a query reads them all).
 */
export function listedAccounts(layout: ArchiveLayout, days: number): readonly string[] | undefined {
  const org = layout.organization;
  if (!org || !accountsInjected(org)) return undefined;
  const perAccount = org.regions.length * days * (partitionColumns(layout).includes("hour") ? 24 : 1);
  return org.accounts.slice(0, Math.max(1, Math.floor(ORGANIZATION_PARTITION_CAP / perAccount)));
}

/**
 * A named query's title, saying which accounts it reads: `{accounts}` in a spec's title is
 * "every account" where it reads every one, and how many of how many where the accounts are
 * injected and the cap leaves some out; a title without it says so only then, at its end.
 */
export function namedQueryTitle(spec: Pick<NamedQuerySpec, "title">, layout: ArchiveLayout, days = namedQueryDays(layout)): string {
  const org = layout.organization;
  const listed = listedAccounts(layout, days);
  const partial = org && listed && listed.length < org.accounts.length;
  const accounts = partial
    ? `${listed.length} of the ${org.accounts.length} accounts (the first by id; name others in aws_account IN (...))`
    : "every account";
  if (spec.title.includes("{accounts}")) return spec.title.replace("{accounts}", accounts);
  return partial ? `${spec.title}, in ${accounts}` : spec.title;
}

/** The address the "one address" queries follow: a documentation address, to be replaced. */
export const FOLLOWED_ADDRESS = "203.0.113.7";

/** How many days of partitions a named query reads. */
export const NAMED_QUERY_WINDOW_DAYS = 7;

/** The width of a time bin of the "over time" queries, in seconds (as Logs Insights' `bin(5m)`). */
export const TIME_BIN_SECONDS = 300;

/** The table the queries read, in the workgroup's database. */
export const FLOW_LOG_TABLE = "vpc_flow_logs";

/**
 * What a query's text is written from: each field's column, and the window's condition. Of the
 * VPC's fields by default; a transit gateway table's queries read theirs.
 */
export interface SqlContext<F extends string = FlowLogField> {
  /** A field's column as SQL names it (`"end"` quoted). */
  readonly c: (field: F) => string;
  /** The condition on the date partitions that keeps the recent window. */
  readonly window: string;
  /** Whether the table has a field's column (an organisation's table has every member's). */
  readonly has: (field: F) => boolean;
  /** Whether the table is the organisation's: its rows name their account (`aws_account`). */
  readonly organization: boolean;
}

/** One named query. */
export interface NamedQuerySpec extends QueryPurpose {
  readonly id: string;
  /** Asked only of an organisation with the table of its member VPCs (two members or more). */
  readonly betweenMembers?: boolean;
  /** Asked only of an environment's own table (the organisation's asks its own question instead). */
  readonly environmentOnly?: boolean;
  /** The query's text. */
  readonly sql: (x: SqlContext) => string;
}

/** Ids of the queries only the archive answers. */
type ArchiveOnlyId =
  | "refused-conversations-by-layer"
  | "verdicts-by-interface"
  | "admin-port-traffic"
  | "ipv6-traffic"
  | "top-talkers-packet-level"
  | "top-talking-subnets"
  | "top-talking-instances"
  | "records-of-address";

const ports = REMOTE_ACCESS_PORTS.join(", ");
const bin = (c: SqlContext["c"]) => `from_unixtime(${c("start")} - ${c("start")} % ${TIME_BIN_SECONDS})`;

/**
 * A grouping query: `select` (grouping columns and aggregates), the conditions after the
 * window, the grouping columns, the order (a value descending, then the grouping columns so
 * that ties come out the same everywhere) and a limit.
 */
function ranked(x: SqlContext, p: { select: string[]; where: string[]; groupBy: string[]; orderBy: string; limit: number }): string {
  return [
    `SELECT ${p.select.join(", ")}`,
    `FROM ${FLOW_LOG_TABLE}`,
    `WHERE ${[x.window, ...p.where].join("\n  AND ")}`,
    `GROUP BY ${p.groupBy.join(", ")}`,
    `ORDER BY ${[`${p.orderBy} DESC`, ...p.groupBy].join(", ")}`,
    `LIMIT ${p.limit}`,
  ].join("\n");
}

/** Bytes by a pair of columns, most first: the top-talkers shape. */
function bytesBy(x: SqlContext, by: string[], limit: number, where: string[] = []): string {
  return ranked(x, {
    select: [...by, `sum(${x.c("bytes")}) AS bytes_transferred`],
    where: [`${x.c("bytes")} IS NOT NULL`, ...where],
    groupBy: by,
    orderBy: "bytes_transferred",
    limit,
  });
}

/**
 * Counts over time bins, newest first. Grouped by ordinal: Athena (Trino) resolves GROUP BY
 * names against the table only, so the alias `period` is unknown there (ORDER BY may use it).
 */
function overTime(x: SqlContext, where: string, extra: string[]): string {
  const groupBy = ["period", ...extra].map((_, i) => i + 1);
  return [
    `SELECT ${bin(x.c)} AS period, ${[...extra, "count(*) AS records"].join(", ")}`,
    `FROM ${FLOW_LOG_TABLE}`,
    `WHERE ${x.window}\n  AND ${where}`,
    `GROUP BY ${groupBy.join(", ")}`,
    `ORDER BY period DESC${extra.map((e) => `, ${e}`).join("")}`,
  ].join("\n");
}

/** The Athena text of each query of the shared catalogue, and the fields it reads beyond the catalogue's. */
const SHARED_SQL: Readonly<Record<SharedQueryId, { alsoNeeds?: readonly FlowLogField[]; sql: NamedQuerySpec["sql"] }>> = {
  "http-traffic": {
    alsoNeeds: ["start"],
    sql: ({ c, window }) =>
      [
        `SELECT from_unixtime(${c("start")}) AS start_time, ${c("srcaddr")}, ${c("dstaddr")}, ${c("dstport")}, ${c("action")}`,
        `FROM ${FLOW_LOG_TABLE}`,
        `WHERE ${window}\n  AND ${c("dstport")} = 80`,
        `ORDER BY ${c("start")} DESC, ${c("srcaddr")}, ${c("dstaddr")}, ${c("action")}`,
        "LIMIT 100",
      ].join("\n"),
  },
  "top-talkers": { sql: (x) => bytesBy(x, [x.c("srcaddr"), x.c("dstaddr")], 10) },
  "rejected-by-source-and-port": {
    sql: (x) =>
      ranked(x, {
        select: [x.c("srcaddr"), x.c("dstport"), "count(*) AS rejected_flows"],
        where: [`${x.c("action")} = 'REJECT'`],
        groupBy: [x.c("srcaddr"), x.c("dstport")],
        orderBy: "rejected_flows",
        limit: 25,
      }),
  },
  "rejected-ssh-rdp": {
    sql: (x) =>
      ranked(x, {
        select: [x.c("srcaddr"), x.c("dstport"), "count(*) AS attempts"],
        where: [`${x.c("action")} = 'REJECT'`, `${x.c("protocol")} = ${TCP}`, `${x.c("dstport")} IN (${ports})`],
        groupBy: [x.c("srcaddr"), x.c("dstport")],
        orderBy: "attempts",
        limit: 25,
      }),
  },
  "traffic-per-interface": {
    sql: (x) =>
      ranked(x, {
        select: [
          x.c("interface-id"),
          `coalesce(sum(${x.c("bytes")}), 0) AS bytes_transferred`,
          `coalesce(sum(${x.c("packets")}), 0) AS packets_transferred`,
          "count(*) AS flows",
        ],
        where: [],
        groupBy: [x.c("interface-id")],
        orderBy: "bytes_transferred",
        limit: 25,
      }),
  },
  "top-destination-ports": { sql: (x) => bytesBy(x, [x.c("dstport"), x.c("protocol")], 10) },
  "log-delivery-health": {
    alsoNeeds: ["start"],
    sql: (x) => overTime(x, `${x.c("log-status")} IN ('NODATA', 'SKIPDATA')`, [x.c("log-status")]),
  },
  "rejected-over-time": { alsoNeeds: ["start"], sql: (x) => overTime(x, `${x.c("action")} = 'REJECT'`, []) },
};

/** The questions of AWS's own Athena integration that the shared catalogue does not ask. */
const ARCHIVE_ONLY: Readonly<Record<ArchiveOnlyId, Omit<NamedQuerySpec, "id">>> = {
  "refused-conversations-by-layer": {
    title:
      "Refused conversations by client, server and the layer that refused them, as the explainer judges records alone, most records first",
    needs: CONVERSATION_FIELDS,
    rejectedOnly: true,
    sql: (x) => refusedConversationsSql({ ...x, table: FLOW_LOG_TABLE }),
  },
  "verdicts-by-interface": {
    title: "Conversations and records per verdict and interface, connected ones included, as the explainer judges records alone",
    needs: CONVERSATION_FIELDS,
    rejectedOnly: false,
    environmentOnly: true,
    sql: (x) => verdictsBySql({ ...x, table: FLOW_LOG_TABLE }, "interface_id"),
  },
  "admin-port-traffic": {
    title: `Traffic to or from remote administration ports (${ports})`,
    needs: ["srcaddr", "dstaddr", "srcport", "dstport", "action"],
    rejectedOnly: false,
    sql: (x) =>
      ranked(x, {
        select: [x.c("srcaddr"), x.c("dstaddr"), x.c("dstport"), x.c("action"), "count(*) AS flows"],
        where: [`(${x.c("srcport")} IN (${ports}) OR ${x.c("dstport")} IN (${ports}))`],
        groupBy: [x.c("srcaddr"), x.c("dstaddr"), x.c("dstport"), x.c("action")],
        orderBy: "flows",
        limit: 100,
      }),
  },
  "ipv6-traffic": {
    title: "IPv6 traffic by source and destination",
    needs: ["srcaddr", "dstaddr", "bytes"],
    rejectedOnly: false,
    // An IPv6 address has a colon; an IPv4 address and "-" do not.
    sql: (x) =>
      bytesBy(x, [x.c("srcaddr"), x.c("dstaddr")], 25, [`(strpos(${x.c("srcaddr")}, ':') > 0 OR strpos(${x.c("dstaddr")}, ':') > 0)`]),
  },
  "top-talkers-packet-level": {
    title: "Top talkers by bytes, by the packets' own addresses (behind NAT gateways and load balancers)",
    needs: ["pkt-srcaddr", "pkt-dstaddr", "bytes"],
    rejectedOnly: false,
    sql: (x) => bytesBy(x, [x.c("pkt-srcaddr"), x.c("pkt-dstaddr")], 10),
  },
  "top-talking-subnets": {
    title: "Top subnets by bytes",
    needs: ["subnet-id", "bytes"],
    rejectedOnly: false,
    sql: (x) => bytesBy(x, [x.c("subnet-id")], 10),
  },
  "top-talking-instances": {
    title: "Top instances by bytes",
    needs: ["instance-id", "bytes"],
    rejectedOnly: false,
    // Interfaces of no instance (NAT gateways, endpoints) write "-".
    sql: (x) => bytesBy(x, [x.c("instance-id")], 10, [`${x.c("instance-id")} <> '-'`]),
  },
  "records-of-address": {
    title: `Every record to or from one address, every column, oldest first: what the explainer reads (replace ${FOLLOWED_ADDRESS} with the address to follow)`,
    needs: ["srcaddr", "dstaddr", "start"],
    rejectedOnly: false,
    // Every column: the record's fields and the partitions, which the explainer leaves out. Its
    // text names no field beyond what it needs, so a new record format does not replace it.
    sql: ({ c, window }) =>
      [
        "SELECT *",
        `FROM ${FLOW_LOG_TABLE}`,
        `WHERE ${window}\n  AND (${c("srcaddr")} = '${FOLLOWED_ADDRESS}' OR ${c("dstaddr")} = '${FOLLOWED_ADDRESS}')`,
        `ORDER BY ${c("start")}, ${c("srcaddr")}, ${c("dstaddr")}`,
        `LIMIT ${RECORDS_LIMIT}`,
      ].join("\n"),
  },
};

/** The most records the records query returns: an Athena console page is 1,000 rows; the results file holds them all. */
export const RECORDS_LIMIT = 10_000;

/** Every named query, in the order they are listed: the shared catalogue, then the archive's own. */
export const NAMED_QUERIES: readonly NamedQuerySpec[] = [
  ...(Object.keys(SHARED_QUERIES) as SharedQueryId[]).map((id) => {
    const purpose: QueryPurpose = SHARED_QUERIES[id];
    const { alsoNeeds = [], sql } = SHARED_SQL[id];
    return { id, ...purpose, needs: [...purpose.needs, ...alsoNeeds.filter((f) => !purpose.needs.includes(f))], sql };
  }),
  ...(Object.keys(ARCHIVE_ONLY) as ArchiveOnlyId[]).map((id) => ({ id, ...ARCHIVE_ONLY[id] })),
];

/**
 * The questions only the organisation's archive answers: its table's `aws_account` (and
 * `aws_region`) name where each record comes from, and every result names its account.
 */
export const ORGANIZATION_QUERIES: readonly NamedQuerySpec[] = [
  {
    id: "verdicts-by-account",
    title:
      "Conversations and records per verdict and account, connected ones included, as the explainer judges records alone, in {accounts}",
    needs: CONVERSATION_FIELDS,
    rejectedOnly: false,
    sql: (x) => verdictsBySql({ ...x, table: FLOW_LOG_TABLE }, "aws_account"),
  },
  {
    id: "rejected-by-account-and-vpc",
    title: "Rejected flows by account and VPC, in {accounts}",
    needs: ["vpc-id", "action"],
    rejectedOnly: true,
    sql: (x) =>
      ranked(x, {
        select: ["aws_account", x.c("vpc-id"), "count(*) AS rejected_flows"],
        where: [`${x.c("action")} = 'REJECT'`],
        groupBy: ["aws_account", x.c("vpc-id")],
        orderBy: "rejected_flows",
        limit: 50,
      }),
  },
  {
    id: "top-talkers-across-accounts",
    title: "Top talkers by bytes, across {accounts}",
    needs: ["srcaddr", "dstaddr", "bytes"],
    rejectedOnly: false,
    sql: (x) => bytesBy(x, ["aws_account", x.c("srcaddr"), x.c("dstaddr")], 25),
  },
  {
    id: "address-in-every-account",
    title: `Every record to or from one address, in {accounts}, every region (replace ${FOLLOWED_ADDRESS} with the address to follow)`,
    needs: ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "start"],
    rejectedOnly: false,
    sql: ({ c, window }) =>
      [
        `SELECT aws_account, aws_region, from_unixtime(${c("start")}) AS start_time, ${c("srcaddr")}, ${c("srcport")}, ${c("dstaddr")}, ${c("dstport")}, ${c("protocol")}, ${c("action")}`,
        `FROM ${FLOW_LOG_TABLE}`,
        `WHERE ${window}\n  AND (${c("srcaddr")} = '${FOLLOWED_ADDRESS}' OR ${c("dstaddr")} = '${FOLLOWED_ADDRESS}')`,
        `ORDER BY ${c("start")} DESC, aws_account, ${c("srcaddr")}, ${c("srcport")}, ${c("dstaddr")}, ${c("dstport")}, ${c("action")}`,
        "LIMIT 1000",
      ].join("\n"),
  },
  {
    id: "traffic-between-member-vpcs",
    title:
      "Traffic between member VPCs: source and destination environments, by their VPC blocks, as each account logged it, in {accounts}",
    needs: ["srcaddr", "dstaddr", "bytes"],
    rejectedOnly: false,
    betweenMembers: true,
    // Both ends in member VPCs, of two different members (the member_networks table, written
    // from the config: its text names no member). A flow both accounts log is counted by each.
    sql: ({ c, window }) =>
      [
        `SELECT aws_account, s.environment AS source_environment, d.environment AS destination_environment, count(*) AS flows, coalesce(sum(${c("bytes")}), 0) AS bytes_transferred`,
        `FROM ${FLOW_LOG_TABLE}`,
        `JOIN ${MEMBER_NETWORKS_TABLE} s ON ${ipv4Number(c("srcaddr"))} BETWEEN s.first_address AND s.last_address`,
        `JOIN ${MEMBER_NETWORKS_TABLE} d ON ${ipv4Number(c("dstaddr"))} BETWEEN d.first_address AND d.last_address`,
        `WHERE ${window}\n  AND s.environment <> d.environment`,
        "GROUP BY 1, 2, 3",
        "ORDER BY bytes_transferred DESC, 1, 2, 3",
        "LIMIT 100",
      ].join("\n"),
  },
];

/** A UTC date `back` days before today, in a Trino `date_format` pattern. */
const dayBefore = (back: number, pattern: string) =>
  `date_format(${back === 0 ? "current_date" : `current_date - INTERVAL '${back}' DAY`}, '${pattern}')`;

/**
 * The condition that keeps the partitions of today and the `days - 1` days before it (UTC, as
 * AWS names the date folders), written so that Athena's projection prunes by it: conditions on
 * single partition columns.
 * - Plain prefixes: a range on the projected `date` column (`2024/05/07`): `days` candidates.
 * - Hive prefixes: each date column in the window's values (its years, months and days), so
 *   that the candidates are at most those combinations (`days` within a month, at most 4 ×
 *   `days` across a year's end); then the exact window on their concatenation, which no
 *   projection prunes by but which keeps exactly the window's rows.
 */
export function windowCondition(layout: ArchiveLayout, days = NAMED_QUERY_WINDOW_DAYS): string {
  const first = days - 1;
  const org = layout.organization;
  const listed = listedAccounts(layout, days);
  if (org && listed) {
    // Injected accounts: a query reads the accounts it names, as many as the cap allows.
    return `aws_account IN (${listed.map((a) => `'${a}'`).join(", ")})\n  AND ${windowCondition({ ...layout, organization: { ...org, accounts: [] } }, days)}`;
  }
  if (!layout.hiveCompatiblePartitions) {
    return `${quoted("date")} BETWEEN ${dayBefore(first, "%Y/%m/%d")} AND ${dayBefore(0, "%Y/%m/%d")}`;
  }
  const each = (pattern: string, backs: number[]) => backs.map((b) => dayBefore(b, pattern)).join(", ");
  const everyDay = Array.from({ length: days }, (_, i) => first - i);
  return [
    `year IN (${each("%Y", [first, 0])})`,
    `month IN (${each("%m", [first, 0])})`,
    `day IN (${each("%d", everyDay)})`,
    `concat(year, month, day) BETWEEN ${dayBefore(first, "%Y%m%d")} AND ${dayBefore(0, "%Y%m%d")}`,
  ].join("\n  AND ");
}

/** A named query's full text: a comment with its title and how to widen the window, then the query. */
export function renderNamedQuery<F extends string = FlowLogField>(
  spec: { readonly title: string; readonly sql: (x: SqlContext<F>) => string },
  layout: ArchiveLayout,
  has: (field: F) => boolean,
  days = namedQueryDays(layout),
): string {
  const text = spec.sql({
    c: (f) => quoted(columnName(f)),
    window: windowCondition(layout, days),
    has,
    organization: layout.organization !== undefined,
  });
  const named = layout.hiveCompatiblePartitions
    ? "year = '2024' AND month = '05' AND day BETWEEN '01' AND '07'"
    : `${quoted("date")} BETWEEN '2024/05/01' AND '2024/05/07'`;
  const org = layout.organization;
  const listed = listedAccounts(layout, days);
  const accounts =
    org && listed
      ? `-- The table's accounts are injected (there are ${org.accounts.length}): it reads ${listed.length === org.accounts.length ? "every one" : `the first ${listed.length} by id`}, as many as a day of every region keeps under ${ORGANIZATION_PARTITION_CAP.toLocaleString("en-US")} partitions; name the accounts to read in aws_account IN (...).\n`
      : "";
  // A window of one day reads current_date alone: there is no INTERVAL to widen.
  const before = days === 1 ? "" : days === 2 ? " and the day before it" : ` and the ${days - 1} days before it`;
  const widen = days === 1 ? "" : `widen INTERVAL '${days - 1}' DAY, or `;
  return (
    `-- ${namedQueryTitle(spec, layout, days)}\n` +
    accounts +
    `-- Reads the partitions of today${before} (UTC) only: what it scans is what it costs.\n` +
    `-- To read more, ${widen}name the days: ${named}.\n` +
    text
  );
}
