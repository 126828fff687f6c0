/**
 * The columns of a flow-log table, from the record format: in field order, AWS's names with
 * underscores (as in the Parquet files AWS writes), and the type of what AWS writes.
 */
import { FLOW_LOG_FIELDS, FlowLogField, RecordFormat } from "../records/record-format";

/**
 * The number fields AWS writes as Parquet INT_64; the other number fields are INT_32 (version,
 * ports, protocol, tcp-flags, traffic-path). Each is read as its own width: an INT_64 column
 * read as `int` fails, and `int` is exactly what INT_32 holds.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html (Parquet data types)
 */
const INT64_FIELDS: ReadonlySet<FlowLogField> = new Set(["packets", "bytes", "start", "end"]);

/** An Athena (Hive DDL) column. */
export interface AthenaColumn {
  readonly name: string;
  readonly type: "int" | "bigint" | "string";
  /** The flow-log field it holds. */
  readonly field: FlowLogField;
}

/** The column name of a field: `log-status` is `log_status`. */
export function columnName(field: FlowLogField): string {
  return field.replace(/-/g, "_");
}

/** The columns of a format's records, in field order. */
export function athenaColumns(format: RecordFormat): AthenaColumn[] {
  return format.fields.map((field) => ({
    name: columnName(field),
    type: FLOW_LOG_FIELDS[field].kind === "number" ? (INT64_FIELDS.has(field) ? "bigint" : "int") : "string",
    field,
  }));
}

/**
 * Field names that are reserved words of Athena's SQL (Trino): `end`. Quote it everywhere.
 * @see https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html
 */
export const RESERVED_COLUMNS: ReadonlySet<string> = new Set(["end"]);

/** A column as a query names it: double-quoted when reserved (`"end"`). */
export function quoted(name: string): string {
  return RESERVED_COLUMNS.has(name) ? `"${name}"` : name;
}
