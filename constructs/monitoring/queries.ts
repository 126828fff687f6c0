/**
 * CloudWatch Logs Insights queries over flow log records, written once against field names
 * and rendered for a record format: for the AWS default format Logs Insights discovers the
 * fields itself (srcAddr, dstPort, action, logStatus, ...); for a custom format each query
 * begins with a `parse @message` whose pattern and names follow the format's field order. A
 * query that needs a field the format lacks is left out, and the caller says which field
 * would enable it.
 */
import { FLOW_LOG_FIELDS, FlowLogField, RecordFormat } from "../records/record-format";
import { REMOTE_ACCESS_PORTS, TCP } from "./filter-pattern";

/** One saved query. */
export interface FlowQuerySpec {
  /** Id, the last part of the saved query's name (`network-monitoring/<env>/<id>`). */
  readonly id: string;
  /** Title on the dashboard and in the console. */
  readonly title: string;
  /** The fields it reads; it is left out when the format lacks one. */
  readonly needs: readonly FlowLogField[];
  /** Whether it reads rejected traffic only (pointless when only accepted traffic is logged). */
  readonly rejectedOnly: boolean;
  /** The query after any `parse`, given the name of each field. */
  readonly body: (f: (field: FlowLogField) => string) => string;
}

/** The name a query uses for a field (`srcaddr` is `srcAddr`). */
export function queryFieldName(field: FlowLogField): string {
  return FLOW_LOG_FIELDS[field].queryName;
}

/** The saved queries, in the order they appear in the console folder. */
export const FLOW_QUERIES: readonly FlowQuerySpec[] = [
  {
    id: "http-traffic",
    title: "HTTP traffic (destination port 80)",
    needs: ["srcaddr", "dstaddr", "dstport", "action"],
    rejectedOnly: false,
    body: (f) =>
      `fields @timestamp, ${f("srcaddr")}, ${f("dstaddr")}, ${f("dstport")}, ${f("action")}\n` +
      `| filter ${f("dstport")} = 80\n| sort @timestamp desc\n| limit 100`,
  },
  {
    id: "top-talkers",
    title: "Top talkers by bytes",
    needs: ["bytes", "srcaddr", "dstaddr"],
    rejectedOnly: false,
    body: (f) =>
      `stats sum(${f("bytes")}) as bytesTransferred by ${f("srcaddr")}, ${f("dstaddr")}\n` + "| sort bytesTransferred desc\n| limit 10",
  },
  {
    id: "rejected-by-source-and-port",
    title: "Rejected traffic by source and destination port",
    needs: ["action", "srcaddr", "dstport"],
    rejectedOnly: true,
    body: (f) =>
      `filter ${f("action")} = "REJECT"\n| stats count(*) as rejectedFlows by ${f("srcaddr")}, ${f("dstport")}\n` +
      "| sort rejectedFlows desc\n| limit 25",
  },
  {
    id: "rejected-ssh-rdp",
    title: "Rejected SSH and RDP attempts (TCP 22, 3389) by source",
    needs: ["action", "protocol", "dstport", "srcaddr"],
    rejectedOnly: true,
    body: (f) =>
      `filter ${f("action")} = "REJECT" and ${f("protocol")} = ${TCP} and ${f("dstport")} in [${REMOTE_ACCESS_PORTS.join(", ")}]\n` +
      `| stats count(*) as attempts by ${f("srcaddr")}, ${f("dstport")}\n| sort attempts desc\n| limit 25`,
  },
  {
    id: "traffic-per-interface",
    title: "Traffic per network interface",
    needs: ["interface-id", "bytes", "packets"],
    rejectedOnly: false,
    body: (f) =>
      `stats sum(${f("bytes")}) as bytesTransferred, sum(${f("packets")}) as packetsTransferred, count(*) as flows by ${f("interface-id")}\n` +
      "| sort bytesTransferred desc\n| limit 25",
  },
  {
    id: "top-destination-ports",
    title: "Top destination ports by bytes",
    needs: ["dstport", "protocol", "bytes"],
    rejectedOnly: false,
    body: (f) =>
      `stats sum(${f("bytes")}) as bytesTransferred by ${f("dstport")}, ${f("protocol")}\n` + "| sort bytesTransferred desc\n| limit 10",
  },
  {
    id: "log-delivery-health",
    title: "Log delivery health: NODATA and SKIPDATA records over time",
    needs: ["log-status"],
    rejectedOnly: false,
    body: (f) =>
      `filter ${f("log-status")} in ["NODATA", "SKIPDATA"]\n` +
      `| stats count(*) as records by bin(5m) as period, ${f("log-status")}\n| sort period desc`,
  },
  {
    id: "rejected-over-time",
    title: "Rejected flows over time",
    needs: ["action"],
    rejectedOnly: true,
    body: (f) => `filter ${f("action")} = "REJECT"\n| stats count(*) as rejectedFlows by bin(5m)`,
  },
];

/**
 * The `parse` command that names a custom format's fields: one `*` per field, separated by
 * single spaces as in the records, and the names in the same order.
 */
export function parseCommand(format: RecordFormat): string {
  const glob = format.fields.map(() => "*").join(" ");
  return `parse @message "${glob}" as ${format.fields.map(queryFieldName).join(", ")}`;
}

/** A query's text for a format: its body, after a `parse` for a custom format. */
export function renderQuery(spec: FlowQuerySpec, format: RecordFormat): string {
  const body = spec.body(queryFieldName);
  return format.isDefault ? body : `${parseCommand(format)}\n| ${body}`;
}
