/**
 * The columns of a flow-log table, from the record format: in field order, AWS's names with
 * underscores (as in the Parquet files AWS writes), and the type of what AWS writes.
 */
import { FLOW_LOG_FIELDS, FlowLogField, isFlowLogField, RecordFormat } from "../records/record-format";
import { isTransitGatewayField, TRANSIT_GATEWAY_FIELDS, TransitGatewayFormat } from "../records/transit-gateway-format";

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
  const spec = isFlowLogField(field) ? FLOW_LOG_FIELDS[field] : isTransitGatewayField(field) ? TRANSIT_GATEWAY_FIELDS[field] : undefined;
  return spec?.kind === "number" ? "int" : "string";
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

/** The columns of a transit gateway records table, in its format's field order. */
export function transitGatewayColumns(
  format: TransitGatewayFormat = TransitGatewayFormat.DEFAULT,
): { name: string; type: AthenaColumn["type"] }[] {
  return format.fields.map((f) => ({ name: columnName(f), type: columnType(f) }));
}
