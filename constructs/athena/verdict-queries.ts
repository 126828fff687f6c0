/**
 * The explainer's records-only verdicts as Athena SQL: conversations formed as the explainer
 * forms them, judged by the rules declared in records/verdicts.ts, in one scan of the table
 * (window functions, no join of the table with itself).
 *
 * - A conversation: one interface, one protocol, the two ends either way (the packets' own
 *   addresses, `pkt-*`, where the record has them), and a gap in time: a record that starts
 *   more than {@link CONVERSATION_GAP_SECONDS} after every earlier record of its ends has
 *   ended begins the next conversation. The explainer draws the same bound.
 * - Which address is the interface's own, for the way each record crossed it: `flow-direction`
 *   where the record has it, else the private end where only one end is private. The explainer
 *   also learns an interface's address from its other records; a query judges each record by
 *   itself (docs/athena.md says where the two may differ).
 * - Facts of each side, then the request, the direction and the verdict by the declared rules.
 */
import type { FlowLogField } from "../records/record-format";
import { EPHEMERAL_FROM, SERVICES, TCP_FLAGS } from "../records/vocabulary";
import {
  CONVERSATION_GAP_SECONDS,
  DIRECTION_RULES,
  RECORDS_VERDICTS,
  REFUSED_VERDICTS,
  REQUEST_RULES,
  SIDE_FACTS,
  termOf,
  VERDICT_FACTS,
  VERDICT_LAYERS,
  VERDICT_RULES,
  type RecordsVerdict,
  type RuleCondition,
  type SideFact,
} from "../records/verdicts";

/** The named queries written here, by id. */
export const VERDICT_QUERIES = ["refused-conversations-by-layer", "verdicts-by-interface", "verdicts-by-account"] as const;

export { CONVERSATION_GAP_SECONDS };

/** What the conversation queries are written from. */
export interface ConversationSqlContext {
  /** A field's column as SQL names it. */
  readonly c: (field: FlowLogField) => string;
  /** Whether the table has a field's column (an organisation's table has every member's). */
  readonly has: (field: FlowLogField) => boolean;
  /** The condition on the partitions that keeps the window. */
  readonly window: string;
  /** Whether the table is the organisation's (its rows name their account). */
  readonly organization: boolean;
  readonly table: string;
}

/** The fields every conversation query reads; the others it reads where the table has them. */
export const CONVERSATION_FIELDS: readonly FlowLogField[] = [
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "action",
  "start",
];

/** A text column's value, `-` (as plain text holds a missing value) read as null. */
const text = (x: ConversationSqlContext, f: FlowLogField) => (x.has(f) ? `nullif(${x.c(f)}, '-')` : "CAST(NULL AS varchar)");
const number = (x: ConversationSqlContext, f: FlowLogField) => (x.has(f) ? x.c(f) : "CAST(NULL AS bigint)");

/** Whether a port is a service port: a named service, or below 1024 (records/vocabulary.ts isServicePort). */
export function servicePortSql(port: string): string {
  const named = Object.keys(SERVICES)
    .map(Number)
    .filter((p) => p >= EPHEMERAL_FROM);
  return `(${port} IN (${named.join(", ")}) OR (${port} > 0 AND ${port} < ${EPHEMERAL_FROM}))`;
}

/**
 * Whether an address is private (records/vocabulary.ts isPrivateAddress): RFC 1918, shared
 * 100.64/10, link-local; IPv6 unique-local and link-local.
 */
export function privateAddressSql(address: string): string {
  const v4 = String.raw`^(10\.|172\.(1[6-9]|2[0-9]|3[01])\.|192\.168\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|169\.254\.)`;
  const v6 = "^(?i)(f[cd]|fe[89ab])";
  return `(CASE WHEN strpos(${address}, ':') > 0 THEN regexp_like(${address}, '${v6}') ELSE regexp_like(${address}, '${v4}') END)`;
}

/** Whether a TCP flag is set in a flags value (without bitwise functions: the same in every engine). */
const flag = (flags: string, bit: number) => `${flags} % ${2 * bit} >= ${bit}`;

/** The key of a conversation's ends, as columns of the `keyed` relation. */
const ENDS = ["interface_id", "protocol", "low_address", "low_port", "high_address", "high_port"];

/** Each side fact's SQL over a conversation's tallies: `s` is the side's prefix (`l_` or `h_`), `o` the other's. */
function factSql(fact: SideFact, s: "l_" | "h_"): string {
  const o = s === "l_" ? "h_" : "l_";
  const from = s === "l_" ? "low_port" : "high_port";
  const to = s === "l_" ? "high_port" : "low_port";
  switch (fact) {
    case "present":
      return `${s}records > 0`;
    case "acceptedOnly":
      return `(${s}accepted > 0 AND ${s}rejected = 0)`;
    case "rejectedOnly":
      return `(${s}rejected > 0 AND ${s}accepted = 0)`;
    case "mixedActions":
      return `(CASE WHEN ${s}accepted > 0 THEN 1 ELSE 0 END + CASE WHEN ${s}rejected > 0 THEN 1 ELSE 0 END + CASE WHEN ${s}other > 0 THEN 1 ELSE 0 END) > 1`;
    case "blockedByBpa":
      return `${s}bpa > 0`;
    case "resets":
      return `coalesce(${s}rst AND NOT ${s}syn, false)`;
    case "ingress":
      return `${s}inbound_records > 0`;
    case "egress":
      return `${s}outbound_records > 0`;
    case "opens":
      return `coalesce(${s}syn AND NOT ${s}ack, false)`;
    case "answersOpening":
      return `coalesce(${s}syn AND ${s}ack, false)`;
    case "fromService":
      return `(${s}records > 0 AND ${servicePortSql(from)} AND NOT ${servicePortSql(to)})`;
    case "startsFirst":
      return `(${s}records > 0 AND ${o}records > 0 AND ${s}start < ${o}start)`;
    case "toLowerPort":
      return `(${s}records > 0 AND ${o}records > 0 AND ${to} <= ${from})`;
  }
}

/** A fact's column: `l_`/`h_` for the low and high sides, `q_`/`a_`/`any_` for the request, the reply and either. */
const column = (prefix: string, fact: SideFact) => `${prefix}${fact.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)}`;

/** Conditions of a declared rule as SQL over fact columns, each side's by its prefix. */
function conditionSql<Side extends string>(when: readonly RuleCondition<Side>[], prefix: Readonly<Record<Side, string>>): string {
  if (when.length === 0) return "true";
  return when
    .map(termOf)
    .map((t) => `${t.holds ? "" : "NOT "}${column(prefix[t.side], t.fact)}`)
    .join(" AND ");
}

const SQL_STRING = (s: string) => `'${s}'`;

/** The layers a verdict leaves open (records/verdicts.ts VERDICT_LAYERS), as a comma-separated list, Block Public Access among them where `bpaPossible` holds. */
function layersSql(bpaPossible: string): string {
  const byLayers = new Map<string, RecordsVerdict[]>();
  for (const v of RECORDS_VERDICTS) {
    const [without, withBpa] = VERDICT_LAYERS[v];
    const key = JSON.stringify([without.join(","), withBpa.join(",")]);
    byLayers.set(key, [...(byLayers.get(key) ?? []), v]);
  }
  const cases = [...byLayers].map(([key, verdicts]) => {
    const [without, withBpa] = JSON.parse(key) as [string, string];
    const value =
      without === withBpa ? SQL_STRING(without) : `CASE WHEN ${bpaPossible} THEN ${SQL_STRING(withBpa)} ELSE ${SQL_STRING(without)} END`;
    return `WHEN verdict IN (${verdicts.map(SQL_STRING).join(", ")}) THEN ${value}`;
  });
  return `CASE ${cases.join(" ")} END`;
}

/**
 * The relations every conversation query starts from, as a WITH list ending in `judged`: one
 * row per conversation with its account (organisation tables), interface, ends, client,
 * server, server port, protocol, verdict, records, bytes and first and last second.
 */
export function conversationsSql(x: ConversationSqlContext): string {
  const status = x.has("log-status") ? `coalesce(${text(x, "log-status")}, 'OK') NOT IN ('NODATA', 'SKIPDATA')` : "true";
  const src = x.has("pkt-srcaddr") ? `coalesce(${text(x, "pkt-srcaddr")}, ${text(x, "srcaddr")})` : text(x, "srcaddr");
  const dst = x.has("pkt-dstaddr") ? `coalesce(${text(x, "pkt-dstaddr")}, ${text(x, "dstaddr")})` : text(x, "dstaddr");
  // The way a record crossed the interface, from the interface's own address: the record's own
  // flow-direction, else the private end of a private and a public one.
  const srcaddr = text(x, "srcaddr");
  const dstaddr = text(x, "dstaddr");
  const way = [
    "CASE",
    ...(x.has("flow-direction")
      ? [`WHEN ${text(x, "flow-direction")} = 'ingress' THEN 'ingress'`, `WHEN ${text(x, "flow-direction")} = 'egress' THEN 'egress'`]
      : []),
    `WHEN ${privateAddressSql(dstaddr)} AND NOT ${privateAddressSql(srcaddr)} THEN 'ingress'`,
    `WHEN ${privateAddressSql(srcaddr)} AND NOT ${privateAddressSql(dstaddr)} THEN 'egress'`,
    "END",
  ].join(" ");
  const account = x.organization ? ["aws_account"] : [];
  const records = [
    ...account,
    `${text(x, "interface-id")} AS interface_id`,
    `${x.c("protocol")} AS protocol`,
    `coalesce(${x.c("start")}, 0) AS start`,
    `coalesce(${number(x, "end")}, ${x.c("start")}, 0) AS finish`,
    `coalesce(${number(x, "bytes")}, 0) AS bytes`,
    `${text(x, "action")} AS action`,
    `${src} AS src`,
    `${dst} AS dst`,
    `coalesce(${x.c("srcport")}, 0) AS srcport`,
    `coalesce(${x.c("dstport")}, 0) AS dstport`,
    `${number(x, "tcp-flags")} AS tcp_flags`,
    x.has("reject-reason") ? `${text(x, "reject-reason")} = 'BPA' AS bpa` : "false AS bpa",
    // A rejected record that cannot rule out Block Public Access: its format has no reject-reason
    // (an organisation's table reads null for a member without the field, and for "-").
    `${!x.has("reject-reason") ? "true" : x.organization ? `${text(x, "reject-reason")} IS NULL` : "false"} AS reason_unknown`,
    `${way} AS way`,
  ];
  const forward = "(src < dst OR (src = dst AND srcport <= dstport))";
  const key = [...account, ...ENDS].join(", ");
  const side = (s: "l_" | "h_", on: string) => [
    `count_if(${on}) AS ${s}records`,
    `min(CASE WHEN ${on} THEN start END) AS ${s}start`,
    `count_if(${on} AND action = 'ACCEPT') AS ${s}accepted`,
    `count_if(${on} AND action = 'REJECT') AS ${s}rejected`,
    `count_if(${on} AND action NOT IN ('ACCEPT', 'REJECT')) AS ${s}other`,
    `count_if(${on} AND action = 'REJECT' AND coalesce(bpa, false)) AS ${s}bpa`,
    `bool_or(CASE WHEN ${on} THEN ${flag("tcp_flags", TCP_FLAGS.SYN)} END) AS ${s}syn`,
    `bool_or(CASE WHEN ${on} THEN ${flag("tcp_flags", TCP_FLAGS.ACK)} END) AS ${s}ack`,
    `bool_or(CASE WHEN ${on} THEN ${flag("tcp_flags", TCP_FLAGS.RST)} END) AS ${s}rst`,
    `count_if(${on} AND way = 'ingress') AS ${s}inbound_records`,
    `count_if(${on} AND way = 'egress') AS ${s}outbound_records`,
  ];
  const facts = SIDE_FACTS.flatMap((f) => [`${factSql(f, "l_")} AS ${column("l_", f)}`, `${factSql(f, "h_")} AS ${column("h_", f)}`]);
  const request = [
    "CASE",
    ...REQUEST_RULES.map((r) => `WHEN ${conditionSql(r.when, { low: "l_", high: "h_" })} THEN ${SQL_STRING(r.request)}`),
    "END",
  ].join("\n      ");
  // The request's and the reply's facts (a lone side that is a reply: the reply's), and either side's.
  const roles = SIDE_FACTS.slice(0, VERDICT_FACTS).flatMap((f) => [
    `CASE request WHEN 'low' THEN ${column("l_", f)} WHEN 'high' THEN ${column("h_", f)} ELSE false END AS ${column("q_", f)}`,
    `CASE request WHEN 'low' THEN ${column("h_", f)} WHEN 'high' THEN ${column("l_", f)} ELSE (${column("l_", f)} OR ${column("h_", f)}) END AS ${column("a_", f)}`,
    `(${column("l_", f)} OR ${column("h_", f)}) AS ${column("any_", f)}`,
  ]);
  const prefixes = { request: "q_", reply: "a_", any: "any_" } as const;
  const direction = [
    "CASE",
    ...DIRECTION_RULES.map((r) => `WHEN ${conditionSql(r.when, prefixes)} THEN ${SQL_STRING(r.direction)}`),
    "END",
  ].join(" ");
  const verdict = [
    "CASE",
    ...VERDICT_RULES.map(
      (r) =>
        `WHEN ${conditionSql(r.when, prefixes)} THEN ${
          typeof r.verdict === "string"
            ? SQL_STRING(r.verdict)
            : `CASE direction ${Object.entries(r.verdict)
                .map(([d, v]) => `WHEN '${d}' THEN '${v}'`)
                .join(" ")} END`
        }`,
    ),
    "END",
  ].join("\n      ");
  const pub = (address: string) => `NOT ${privateAddressSql(address)}`;
  const publicPeer = `(CASE direction WHEN 'inbound' THEN ${pub("client")} WHEN 'outbound' THEN ${pub("server")} ELSE (${pub("client")} OR ${pub("server")}) END)`;
  // The server is the request's destination, or the lone reply's source.
  const serverIsLow = "(request = 'high' OR (request = 'neither' AND l_present))";
  return [
    "WITH records AS (",
    `  SELECT ${records.join(",\n    ")}`,
    `  FROM ${x.table}`,
    `  WHERE ${[x.window, status, ...["interface-id", "srcaddr", "dstaddr", "action"].map((f) => `${text(x, f as FlowLogField)} IS NOT NULL`), `${x.c("protocol")} IS NOT NULL`].join("\n    AND ")}`,
    "), keyed AS (",
    `  SELECT ${[
      ...account,
      "interface_id",
      "protocol",
      "start",
      "finish",
      "bytes",
      "action",
      "tcp_flags",
      "bpa",
      "reason_unknown",
      "way",
      `${forward} AS forward`,
      `CASE WHEN ${forward} THEN src ELSE dst END AS low_address`,
      `CASE WHEN ${forward} THEN srcport ELSE dstport END AS low_port`,
      `CASE WHEN ${forward} THEN dst ELSE src END AS high_address`,
      `CASE WHEN ${forward} THEN dstport ELSE srcport END AS high_port`,
    ].join(",\n    ")}`,
    "  FROM records",
    // A record that starts past the gap after every record of its ends that started earlier has
    // ended opens a conversation. Window frames that end at the current row only, ordered by
    // start and end: rows that tie on both reach the same end, so that no value depends on how
    // an engine orders ties.
    "), reached AS (",
    `  SELECT keyed.*, max(finish) OVER (PARTITION BY ${key} ORDER BY start, finish ROWS UNBOUNDED PRECEDING) AS reach`,
    "  FROM keyed",
    "), lagged AS (",
    `  SELECT reached.*, lag(reach) OVER (PARTITION BY ${key} ORDER BY start, finish) AS reach_before`,
    "  FROM reached",
    // Of the records that start together, the first in that order decides for all of them.
    "), opened AS (",
    `  SELECT lagged.*, bool_or(reach_before IS NULL OR start > reach_before + ${CONVERSATION_GAP_SECONDS}) OVER (PARTITION BY ${key}, start) AS opening`,
    "  FROM lagged",
    // A conversation is named by the start that opened it.
    "), numbered AS (",
    `  SELECT opened.*, max(CASE WHEN opening THEN start END) OVER (PARTITION BY ${key} ORDER BY start, finish ROWS UNBOUNDED PRECEDING) AS conversation`,
    "  FROM opened",
    "), tallied AS (",
    `  SELECT ${[
      key,
      "count(*) AS records",
      "sum(bytes) AS bytes",
      "min(start) AS first_seen",
      "max(finish) AS last_seen",
      "count_if(action = 'REJECT' AND reason_unknown) AS unknown_reasons",
      ...side("l_", "forward"),
      ...side("h_", "NOT forward"),
    ].join(",\n    ")}`,
    "  FROM numbered",
    `  GROUP BY ${key}, conversation`,
    "), facts AS (",
    `  SELECT tallied.*, ${facts.join(",\n    ")}`,
    "  FROM tallied",
    "), sided AS (",
    `  SELECT facts.*, ${request} AS request`,
    "  FROM facts",
    "), roles AS (",
    `  SELECT sided.*, ${roles.join(",\n    ")}`,
    "  FROM sided",
    "), directed AS (",
    `  SELECT roles.*, ${direction} AS direction`,
    "  FROM roles",
    "), ended AS (",
    `  SELECT ${[
      ...account,
      "interface_id",
      `CASE WHEN ${serverIsLow} THEN high_address ELSE low_address END AS client`,
      `CASE WHEN ${serverIsLow} THEN low_address ELSE high_address END AS server`,
      `CASE WHEN ${serverIsLow} THEN low_port ELSE high_port END AS server_port`,
      "protocol",
      `${verdict} AS verdict`,
      "direction",
      "unknown_reasons",
      "((l_accepted > 0 AND l_inbound_records > 0) OR (h_accepted > 0 AND h_inbound_records > 0)) AS accepted_inbound",
      "records",
      "bytes",
      "first_seen",
      "last_seen",
    ].join(",\n    ")}`,
    "  FROM directed",
    // Block Public Access stays open where a rejected record could not rule it out, nothing from
    // the peer was accepted on the way in, and the peer is on the internet.
    "), judged AS (",
    `  SELECT ${[
      ...account,
      "interface_id",
      "client",
      "server",
      "server_port",
      "protocol",
      "verdict",
      `${layersSql(`unknown_reasons > 0 AND NOT accepted_inbound AND ${publicPeer}`)} AS layers`,
      "records",
      "bytes",
      "first_seen",
      "last_seen",
    ].join(",\n    ")}`,
    "  FROM ended",
    ")",
  ].join("\n");
}

/** Refused conversations by who, to what and the verdict, most records first. */
export function refusedConversationsSql(x: ConversationSqlContext): string {
  const account = x.organization ? ["aws_account"] : [];
  const by = [...account, "interface_id", "client", "server", "server_port", "protocol", "verdict", "layers"];
  return [
    conversationsSql(x),
    `SELECT ${[...by, "count(*) AS conversations", "sum(records) AS records", "sum(bytes) AS bytes", "from_unixtime(min(first_seen)) AS first_seen", "from_unixtime(max(last_seen)) AS last_seen"].join(", ")}`,
    "FROM judged",
    `WHERE verdict IN (${REFUSED_VERDICTS.map(SQL_STRING).join(", ")})`,
    `GROUP BY ${by.map((_, i) => i + 1).join(", ")}`,
    `ORDER BY records DESC, ${by.map((_, i) => i + 1).join(", ")}`,
    "LIMIT 1000",
  ].join("\n");
}

/** Conversations, records and bytes per verdict, connected ones included, per account (organisation) or interface. */
export function verdictsBySql(x: ConversationSqlContext, by: "aws_account" | "interface_id"): string {
  return [
    conversationsSql(x),
    `SELECT ${by}, verdict, count(*) AS conversations, sum(records) AS records, sum(bytes) AS bytes`,
    "FROM judged",
    "GROUP BY 1, 2",
    "ORDER BY 1, conversations DESC, 2",
  ].join("\n");
}
