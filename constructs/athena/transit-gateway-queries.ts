/**
 * Athena named queries over the transit gateway records' table: the packets the gateway dropped
 * by attachment pair and cause, the top talkers across attachments and VPCs, and the traffic
 * between VPCs through the gateway. A flow through the gateway is recorded at each attachment
 * it passes (ingress where it came in, egress where it left), so the queries that add up
 * traffic count the ingress records only, where the format says the direction; a dropped
 * packet never leaves, so its loss is counted once anyway.
 */
import type { TransitGatewayField, TransitGatewayFormat } from "../records/transit-gateway-format";
import { LOSS_CAUSES, LOSS_FIELDS } from "../records/transit-gateway-format";
import { columnName } from "./columns";
import type { ArchiveLayout } from "./layout";
import { namedQueryDays, renderNamedQuery, type SqlContext } from "./named-queries";

/** The table over transit gateway records, in the workgroup's database. */
export const TRANSIT_GATEWAY_TABLE = "transit_gateway_flow_logs";

/** What a transit gateway query's text is written from: the VPC queries' context, of the transit gateway's fields. */
export type TransitGatewaySqlContext = SqlContext<TransitGatewayField>;

/** One named query over the transit gateway table. */
export interface TransitGatewayNamedQuerySpec {
  readonly id: "transit-gateway-losses" | "transit-gateway-top-talkers" | "transit-gateway-between-vpcs";
  readonly title: string;
  /** The fields it needs (and one of `anyOf`, when given). */
  readonly needs: readonly TransitGatewayField[];
  readonly anyOf?: readonly TransitGatewayField[];
  readonly sql: (x: TransitGatewaySqlContext) => string;
}

/**
 * A text column as a value: `-` (not applicable) as null, as Parquet reads it; plain text
 * reads it as the text "-".
 */
const value = (x: TransitGatewaySqlContext, f: TransitGatewayField) => `nullif(${x.c(f)}, '-')`;
/** A text column selected as a value under its own name. */
const named = (x: TransitGatewaySqlContext, f: TransitGatewayField) => `${value(x, f)} AS ${columnName(f)}`;

/** Only the records where the flow came into the gateway, when the format tells. */
const ingressOnly = (x: TransitGatewaySqlContext) => (x.has("flow-direction") ? [`${x.c("flow-direction")} = 'ingress'`] : []);
/** The account column first, for the organisation's table. */
const account = (x: TransitGatewaySqlContext) => (x.organization ? ["aws_account"] : []);

function query(
  x: TransitGatewaySqlContext,
  p: { select: string[]; where: string[]; groupBy: string[]; orderBy: string; limit: number },
): string {
  return [
    `SELECT ${p.select.join(", ")}`,
    `FROM ${TRANSIT_GATEWAY_TABLE}`,
    `WHERE ${[x.window, ...p.where].join("\n  AND ")}`,
    `GROUP BY ${p.groupBy.map((_, i) => i + 1).join(", ")}`,
    `ORDER BY ${p.orderBy}, ${p.groupBy.map((_, i) => i + 1).join(", ")}`,
    `LIMIT ${p.limit}`,
  ].join("\n");
}

export const TRANSIT_GATEWAY_NAMED_QUERIES: readonly TransitGatewayNamedQuerySpec[] = [
  {
    id: "transit-gateway-losses",
    title: "Packets the transit gateway dropped, by attachment pair and cause",
    needs: ["tgw-attachment-id"],
    anyOf: LOSS_CAUSES.map((c) => LOSS_FIELDS[c]),
    sql: (x) => {
      const counters = LOSS_CAUSES.filter((c) => x.has(LOSS_FIELDS[c]));
      const sum = (c: (typeof counters)[number]) => `coalesce(sum(${x.c(LOSS_FIELDS[c])}), 0)`;
      const groupBy = [
        ...account(x),
        named(x, "tgw-attachment-id"),
        ...(x.has("tgw-pair-attachment-id") ? [named(x, "tgw-pair-attachment-id")] : []),
      ];
      return query(x, {
        select: [
          ...groupBy,
          ...counters.map((c) => `${sum(c)} AS ${columnName(c)}`),
          `${counters.map(sum).join(" + ")} AS packets_lost`,
          "count(*) AS records",
        ],
        where: [`(${counters.map((c) => `${x.c(LOSS_FIELDS[c])} > 0`).join(" OR ")})`],
        groupBy,
        orderBy: "packets_lost DESC",
        limit: 100,
      });
    },
  },
  {
    id: "transit-gateway-top-talkers",
    title: "Top talkers across attachments and VPCs: bytes by attachment pair, VPCs and addresses",
    needs: ["tgw-attachment-id", "srcaddr", "dstaddr", "bytes"],
    sql: (x) => {
      const optional = (["tgw-pair-attachment-id", "tgw-src-vpc-id", "tgw-dst-vpc-id"] as const)
        .filter((f) => x.has(f))
        .map((f) => named(x, f));
      const groupBy = [...account(x), named(x, "tgw-attachment-id"), ...optional, named(x, "srcaddr"), named(x, "dstaddr")];
      return query(x, {
        select: [...groupBy, `sum(${x.c("bytes")}) AS bytes_transferred`, "count(*) AS records"],
        where: [`${x.c("bytes")} IS NOT NULL`, ...ingressOnly(x)],
        groupBy,
        orderBy: "bytes_transferred DESC",
        limit: 25,
      });
    },
  },
  {
    id: "transit-gateway-between-vpcs",
    title: "Traffic between VPCs through the transit gateway: bytes, packets and packets dropped, by source and destination VPC",
    needs: ["tgw-src-vpc-id", "tgw-dst-vpc-id", "bytes", "packets"],
    sql: (x) => {
      const counters = LOSS_CAUSES.filter((c) => x.has(LOSS_FIELDS[c])).map((c) => `coalesce(${x.c(LOSS_FIELDS[c])}, 0)`);
      const groupBy = [...account(x), named(x, "tgw-src-vpc-id"), named(x, "tgw-dst-vpc-id")];
      return query(x, {
        select: [
          ...groupBy,
          `coalesce(sum(${x.c("bytes")}), 0) AS bytes_transferred`,
          `coalesce(sum(${x.c("packets")}), 0) AS packets_transferred`,
          ...(counters.length > 0 ? [`sum(${counters.join(" + ")}) AS packets_lost`] : []),
          "count(*) AS records",
        ],
        where: [`${value(x, "tgw-src-vpc-id")} IS NOT NULL`, ...ingressOnly(x)],
        groupBy,
        orderBy: "bytes_transferred DESC",
        limit: 100,
      });
    },
  },
];

/** Whether a format has what a query needs. */
export function transitGatewayQueryFits(spec: TransitGatewayNamedQuerySpec, format: TransitGatewayFormat): boolean {
  return spec.needs.every((f) => format.has(f)) && (!spec.anyOf || spec.anyOf.some((f) => format.has(f)));
}

/** A transit gateway named query's full text: the window's comment, then the query. */
export function renderTransitGatewayNamedQuery(
  spec: TransitGatewayNamedQuerySpec,
  layout: ArchiveLayout,
  format: TransitGatewayFormat,
  days = namedQueryDays(layout),
): string {
  return renderNamedQuery(spec, layout, (f) => format.has(f), days);
}
