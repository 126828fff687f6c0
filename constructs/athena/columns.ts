/**
 * The columns of a flow-log table, from the record format: in field order, AWS's names with
 * underscores (as in the Parquet files AWS writes), and the type of what AWS writes.
 */
import { FLOW_LOG_FIELDS, FlowLogField, RecordFormat } from "../records/record-format";

/**
 * The number columns declared `bigint`, as AWS's Athena guide declares them for flow logs:
 * the fields AWS writes as Parquet INT_64 (packets, bytes, start, end) and `protocol`, which AWS
 * writes as INT_32 and the guide declares `bigint` (Athena reads an INT_32 as bigint, never an
 * INT_64 as int). The other number fields (version, ports, tcp-flags, traffic-path) are `int`,
 * exactly what INT_32 holds. Transit gateway records add their packet-loss counters, 64-bit
 * like packets (AWS documents no Parquet types for them).
 * @see https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-create-table-statement.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html (Parquet data types)
 */
const BIGINT_FIELDS: ReadonlySet<string> = new Set([
  "packets",
  "bytes",
  "start",
  "end",
  "protocol",
  "packets-lost-no-route",
  "packets-lost-blackhole",
  "packets-lost-mtu-exceeded",
  "packets-lost-ttl-expired",
]);

/** An Athena (Hive DDL) column. */
export interface AthenaColumn {
  readonly name: string;
  readonly type: "int" | "bigint" | "string";
  /** The flow-log field it holds. */
  readonly field: FlowLogField;
}

/** The column name of a field: `log-status` is `log_status`. */
export function columnName(field: string): string {
  return field.replace(/-/g, "_");
}

/** The type of a field's column: `bigint` as AWS's guide declares it, `int` for the other numbers, else `string`. */
function columnType(field: string): AthenaColumn["type"] {
  if (BIGINT_FIELDS.has(field)) return "bigint";
  return field in FLOW_LOG_FIELDS && FLOW_LOG_FIELDS[field as FlowLogField].kind === "number" ? "int" : "string";
}

/** The columns of a format's records, in field order. */
export function athenaColumns(format: RecordFormat): AthenaColumn[] {
  return format.fields.map((field) => ({ name: columnName(field), type: columnType(field), field }));
}

/**
 * Column names that are reserved words of Athena's SQL (Trino): `end`; and `date`, the
 * partition column of plain prefixes, a reserved word of Athena's DDL and a type keyword that a
 * grammar can read as the start of a date literal. Quote them everywhere.
 * @see https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
 */
export const RESERVED_COLUMNS: ReadonlySet<string> = new Set(["end", "date"]);

/** A column as a query names it: double-quoted when reserved (`"end"`). */
export function quoted(name: string): string {
  return RESERVED_COLUMNS.has(name) ? `"${name}"` : name;
}

/**
 * The fields of a transit gateway flow log record, in the order AWS writes them when no
 * format is given (every field; our transit gateway flow logs set none).
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html (Transit Gateway Flow Logs records)
 */
export const TRANSIT_GATEWAY_FIELDS = [
  "version",
  "resource-type",
  "account-id",
  "tgw-id",
  "tgw-attachment-id",
  "tgw-src-vpc-account-id",
  "tgw-dst-vpc-account-id",
  "tgw-src-vpc-id",
  "tgw-dst-vpc-id",
  "tgw-src-subnet-id",
  "tgw-dst-subnet-id",
  "tgw-src-eni",
  "tgw-dst-eni",
  "tgw-src-az-id",
  "tgw-dst-az-id",
  "tgw-pair-attachment-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "log-status",
  "type",
  "packets-lost-no-route",
  "packets-lost-blackhole",
  "packets-lost-mtu-exceeded",
  "packets-lost-ttl-expired",
  "tcp-flags",
  "region",
  "flow-direction",
  "pkt-src-aws-service",
  "pkt-dst-aws-service",
] as const;

/** The columns of a transit gateway records table, in field order. */
export function transitGatewayColumns(): { name: string; type: AthenaColumn["type"] }[] {
  return TRANSIT_GATEWAY_FIELDS.map((f) => ({ name: columnName(f), type: columnType(f) }));
}
