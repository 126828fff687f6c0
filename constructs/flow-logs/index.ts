/** Flow logs on a VPC and its other targets, and the destinations they write to. */
export { FlowLogs, type FlowLogsProps } from "./flow-logs";
export {
  CloudWatchLogsDestination,
  CloudWatchLogsFlowLogDestination,
  FirehoseFlowLogDestination,
  FLOW_LOG_DELIVERY_ACTIONS,
  flowLogDestination,
  FlowLogDestination,
  logDeliveryBucketStatements,
  logDeliveryKeyStatement,
  S3Destination,
  S3FlowLogDestination,
  TRANSIT_GATEWAY_LOG_GROUP_SUFFIX,
  type BoundFlowLogDestination,
  type CloudWatchLogsDestinationProps,
  type FlowLogDestinationArgs,
  type FlowLogDestinationContext,
  type FlowLogTargetKind,
  type MonitoredLogGroup,
  type S3DestinationProps,
} from "./destinations";
