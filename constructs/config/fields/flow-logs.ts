/** The flow logs' fields: traffic, interval, record format, targets and destinations. */
import { ALL_FLOW_LOG_FIELDS } from "../../records/record-format";
import { ALL_TRANSIT_GATEWAY_FIELDS } from "../../records/transit-gateway-format";
import { MAX_DESTINATION_ENTRIES, MAX_FLOW_LOGS_PER_TARGET } from "../limits";
import { RESOURCE_ID_RE } from "../validation/patterns";
import type { Decl, EnumDecl, ObjectDecl } from "./declare";
import { DESTINATION } from "./destinations";

export const TRAFFIC_TYPE: EnumDecl = {
  kind: "enum",
  typeName: "TrafficType",
  description: "Which traffic a flow log records.",
  values: ["ALL", "ACCEPT", "REJECT"],
};

export const MAX_AGGREGATION_INTERVAL: EnumDecl = {
  kind: "enum",
  typeName: "MaxAggregationInterval",
  description: "The maximum aggregation interval of a flow log, in seconds.",
  values: [60, 600],
};

/** A list of resource ids of one kind, such as `subnet-0123456789abcdef0`. */
function idList(field: keyof typeof RESOURCE_ID_RE, description: string): Decl {
  const prefix = RESOURCE_ID_RE[field].source.slice(1).split("[")[0];
  return {
    kind: "list",
    description,
    items: { kind: "string", pattern: RESOURCE_ID_RE[field], valid: `expected a resource id such as ${prefix}0123456789abcdef0` },
    unique: true,
    defaultText: "none",
    example: [`${prefix}0123456789abcdef0`],
  };
}

export const FLOW_LOGS: ObjectDecl = {
  kind: "object",
  name: "FlowLogsConfig",
  description: "Flow logs of an environment.",
  fields: {
    trafficType: { ...TRAFFIC_TYPE, description: "Which traffic to record: ALL, ACCEPT or REJECT. Transit gateway flow logs record all." },
    maxAggregationInterval: {
      ...MAX_AGGREGATION_INTERVAL,
      description: "Maximum aggregation interval in seconds: 60 or 600. Transit gateways need 60.",
    },
    destinations: {
      kind: "list",
      description: `Destinations; each target gets one flow log per live destination (AWS allows ${MAX_FLOW_LOGS_PER_TARGET} per target); retired S3 destinations may be listed beside them.`,
      items: DESTINATION,
      minItems: 1,
      maxItems: MAX_DESTINATION_ENTRIES,
      example: [{ type: "cloud-watch-logs", retentionInDays: 30 }],
    },
    logFormat: {
      kind: "list",
      description: "Fields of a custom record format, in order.",
      items: { kind: "enum", values: ALL_FLOW_LOG_FIELDS, typeName: "FlowLogField", typeFrom: "../../records/record-format" },
      minItems: 1,
      unique: true,
      defaultText: "the AWS default format (the 14 version-2 fields)",
      example: ["version", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "log-status"],
    },
    transitGatewayLogFormat: {
      kind: "list",
      description:
        "Fields of a custom record format for the transit gateways' and attachments' flow logs, in order (their own fields, not the VPC's).",
      items: {
        kind: "enum",
        values: ALL_TRANSIT_GATEWAY_FIELDS,
        typeName: "TransitGatewayField",
        typeFrom: "../../records/transit-gateway-format",
      },
      minItems: 1,
      unique: true,
      defaultText: "the transit gateway default format (every transit gateway field)",
      example: [
        "tgw-attachment-id",
        "tgw-pair-attachment-id",
        "srcaddr",
        "dstaddr",
        "packets",
        "start",
        "packets-lost-no-route",
        "packets-lost-blackhole",
      ],
    },
    subnetIds: idList("subnetIds", "Further subnets to log, by id (the VPC is always logged)."),
    networkInterfaceIds: idList("networkInterfaceIds", "Network interfaces to log, by id."),
    transitGatewayIds: idList(
      "transitGatewayIds",
      "Transit gateways to log, by id (their records have a format of their own: `transitGatewayLogFormat`).",
    ),
    transitGatewayAttachmentIds: idList("transitGatewayAttachmentIds", "Transit gateway attachments to log, by id."),
  },
};
