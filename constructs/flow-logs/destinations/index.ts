/** Flow-log destinations: one class per type, and the one that serves a resolved destination. */
import type { ResolvedDestination } from "../../config/resolved";
import { CloudWatchLogsFlowLogDestination } from "./cloudwatch-logs";
import type { FlowLogDestination } from "./destination";
import { FirehoseFlowLogDestination } from "./firehose";
import { S3FlowLogDestination } from "./s3";

export {
  FlowLogDestination,
  isTransitGatewayTarget,
  type BoundFlowLogDestination,
  type FlowLogDestinationArgs,
  type FlowLogDestinationContext,
  type FlowLogTargetKind,
  type MonitoredLogGroup,
} from "./destination";
export {
  CloudWatchLogsDestination,
  CloudWatchLogsFlowLogDestination,
  FLOW_LOG_DELIVERY_ACTIONS,
  TRANSIT_GATEWAY_LOG_GROUP_SUFFIX,
  type CloudWatchLogsDestinationProps,
} from "./cloudwatch-logs";
export {
  logDeliveryPrefix,
  s3LogDestination,
  logDeliveryBucketStatements,
  logDeliveryKeyStatement,
  S3Destination,
  S3FlowLogDestination,
  TRANSIT_GATEWAY_S3_FOLDER,
  type S3DestinationProps,
} from "./s3";
export { FirehoseFlowLogDestination } from "./firehose";

/** The destination class for each destination type of the config. */
const CLASSES: { readonly [T in ResolvedDestination["type"]]: (d: Extract<ResolvedDestination, { type: T }>) => FlowLogDestination } = {
  "cloud-watch-logs": (d) => new CloudWatchLogsFlowLogDestination(d),
  s3: (d) => new S3FlowLogDestination(d),
  "kinesis-data-firehose": (d) => new FirehoseFlowLogDestination(d),
};

/** The destination that serves a validated destination config. */
export function flowLogDestination(d: ResolvedDestination): FlowLogDestination {
  return (CLASSES[d.type] as (x: ResolvedDestination) => FlowLogDestination)(d);
}
