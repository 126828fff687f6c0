/**
 * The questions the product's queries answer, once for every engine: each has an id, a
 * title, the fields it reads and whether it reads rejected traffic only. Logs Insights
 * (monitoring/) and Athena (athena/) each write their own text for the same entry, so the
 * saved queries of the CloudWatch copy and the named queries of the S3 archive are one
 * catalogue, left out for the same reasons.
 */
import type { FlowLogField } from "./record-format";

/** Remote administration ports that should never be reachable from outside: SSH and RDP. */
export const REMOTE_ACCESS_PORTS = [22, 3389] as const;

/** IANA protocol number of TCP. */
export const TCP = 6;

/** What a query is for, whatever the engine. */
export interface QueryPurpose {
  /** Title in the console (and on the dashboard). */
  readonly title: string;
  /** The fields it reads; it is left out when the format lacks one. */
  readonly needs: readonly FlowLogField[];
  /** Whether it reads rejected traffic only (pointless when only accepted traffic is logged). */
  readonly rejectedOnly: boolean;
}

/** The queries both engines answer, in the order they are listed. */
export const SHARED_QUERIES = {
  "http-traffic": { title: "HTTP traffic (destination port 80)", needs: ["srcaddr", "dstaddr", "dstport", "action"], rejectedOnly: false },
  "top-talkers": { title: "Top talkers by bytes", needs: ["bytes", "srcaddr", "dstaddr"], rejectedOnly: false },
  "rejected-by-source-and-port": {
    title: "Rejected traffic by source and destination port",
    needs: ["action", "srcaddr", "dstport"],
    rejectedOnly: true,
  },
  "rejected-ssh-rdp": {
    title: "Rejected SSH and RDP attempts (TCP 22, 3389) by source",
    needs: ["action", "protocol", "dstport", "srcaddr"],
    rejectedOnly: true,
  },
  "traffic-per-interface": { title: "Traffic per network interface", needs: ["interface-id", "bytes", "packets"], rejectedOnly: false },
  "top-destination-ports": { title: "Top destination ports by bytes", needs: ["dstport", "protocol", "bytes"], rejectedOnly: false },
  "log-delivery-health": {
    title: "Log delivery health: NODATA and SKIPDATA records over time",
    needs: ["log-status"],
    rejectedOnly: false,
  },
  "rejected-over-time": { title: "Rejected flows over time", needs: ["action"], rejectedOnly: true },
} as const satisfies Record<string, QueryPurpose>;

/** The id of a query both engines answer. */
export type SharedQueryId = keyof typeof SHARED_QUERIES;
