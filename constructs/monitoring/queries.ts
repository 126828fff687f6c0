/**
 * CloudWatch Logs Insights queries over flow log records, written once against field names
 * and rendered for a record format: for the AWS default format Logs Insights discovers the
 * fields itself (srcAddr, dstPort, action, logStatus, ...); for a custom format each query
 * begins with a `parse @message` whose pattern and names follow the format's field order. A
 * query that needs a field the format lacks is left out, and the caller says which field
 * would enable it.
 */
import { FLOW_LOG_FIELDS, FlowLogField, RecordFormat, type FieldFormat, type FieldSpec } from "../records/record-format";
import { QueryPurpose, REMOTE_ACCESS_PORTS, SHARED_QUERIES, SharedQueryId, TCP } from "../records/query-catalogue";

/** One saved query. */
export interface FlowQuerySpec extends QueryPurpose {
  /** Id, the last part of the saved query's name (`network-monitoring/<env>/<id>`). */
  readonly id: SharedQueryId;
  /** The query after any `parse`, given the name of each field. */
  readonly body: (f: (field: FlowLogField) => string) => string;
}

/** The name a query uses for a field (`srcaddr` is `srcAddr`). */
export function queryFieldName(field: FlowLogField): string {
  return FLOW_LOG_FIELDS[field].queryName;
}

/** The Logs Insights text of each query of the catalogue. */
const INSIGHTS: Readonly<Record<SharedQueryId, FlowQuerySpec["body"]>> = {
  "http-traffic": (f) =>
    `fields @timestamp, ${f("srcaddr")}, ${f("dstaddr")}, ${f("dstport")}, ${f("action")}\n` +
    `| filter ${f("dstport")} = 80\n| sort @timestamp desc\n| limit 100`,
  "top-talkers": (f) =>
    `stats sum(${f("bytes")}) as bytesTransferred by ${f("srcaddr")}, ${f("dstaddr")}\n` + "| sort bytesTransferred desc\n| limit 10",
  "rejected-by-source-and-port": (f) =>
    `filter ${f("action")} = "REJECT"\n| stats count(*) as rejectedFlows by ${f("srcaddr")}, ${f("dstport")}\n` +
    "| sort rejectedFlows desc\n| limit 25",
  "rejected-ssh-rdp": (f) =>
    `filter ${f("action")} = "REJECT" and ${f("protocol")} = ${TCP} and ${f("dstport")} in [${REMOTE_ACCESS_PORTS.join(", ")}]\n` +
    `| stats count(*) as attempts by ${f("srcaddr")}, ${f("dstport")}\n| sort attempts desc\n| limit 25`,
  "traffic-per-interface": (f) =>
    `stats sum(${f("bytes")}) as bytesTransferred, sum(${f("packets")}) as packetsTransferred, count(*) as flows by ${f("interface-id")}\n` +
    "| sort bytesTransferred desc\n| limit 25",
  "top-destination-ports": (f) =>
    `stats sum(${f("bytes")}) as bytesTransferred by ${f("dstport")}, ${f("protocol")}\n` + "| sort bytesTransferred desc\n| limit 10",
  "log-delivery-health": (f) =>
    `filter ${f("log-status")} in ["NODATA", "SKIPDATA"]\n` +
    `| stats count(*) as records by bin(5m) as period, ${f("log-status")}\n| sort period desc`,
  "rejected-over-time": (f) => `filter ${f("action")} = "REJECT"\n| stats count(*) as rejectedFlows by bin(5m)`,
};

/** The saved queries, in the order they appear in the console folder: the whole catalogue. */
export const FLOW_QUERIES: readonly FlowQuerySpec[] = (Object.keys(SHARED_QUERIES) as SharedQueryId[]).map((id) => ({
  id,
  ...SHARED_QUERIES[id],
  body: INSIGHTS[id],
}));

/**
 * The `parse` command that names a custom format's fields: one `*` per field, separated by
 * single spaces as in the records, and the names in the same order. A transit gateway format
 * names its fields from its own catalogue (`specs`).
 */
export function parseCommand<F extends string = FlowLogField>(
  format: FieldFormat<F>,
  specs: Readonly<Record<F, FieldSpec>> = FLOW_LOG_FIELDS as Readonly<Record<string, FieldSpec>>,
): string {
  const glob = format.fields.map(() => "*").join(" ");
  return `parse @message "${glob}" as ${format.fields.map((f) => specs[f].queryName).join(", ")}`;
}

/** A query's text for a format: its body, after a `parse` for a custom format. */
export function renderQuery(spec: FlowQuerySpec, format: RecordFormat): string {
  const body = spec.body(queryFieldName);
  return format.isDefault ? body : `${parseCommand(format)}\n| ${body}`;
}
