/** Flow-log destinations: one class per type (with its factories), and the object of a resolved destination config. */
import type { ResolvedDestination } from "../../config/resolved";
import { CloudWatchLogsFlowLogDestination } from "./cloudwatch-logs";
import type { FlowLogDestination } from "./destination";
import { FirehoseFlowLogDestination } from "./firehose";
import { OrganizationArchiveFlowLogDestination } from "./organization-archive";
import { S3FlowLogDestination } from "./s3";
import { RetiredS3FlowLogDestination } from "./retired-s3";

export {
  FlowLogDestination,
  isTransitGatewayTarget,
  type BoundFlowLogDestination,
  type DestinationInput,
  type DestinationSource,
  type FlowLogDestinationArgs,
  type FlowLogDestinationContext,
  type FlowLogTarget,
  type FlowLogTargetKind,
  type MonitoredLogGroup,
} from "./destination";
export {
  FlowLogGroups,
  CloudWatchLogsFlowLogDestination,
  FLOW_LOG_DELIVERY_ACTIONS,
  TRANSIT_GATEWAY_LOG_GROUP_SUFFIX,
  type ExistingLogGroupConfig,
  type LogGroupObjects,
  type FlowLogGroupsProps,
  type NewFlowLogGroupOptions,
} from "./cloudwatch-logs";
export {
  logDeliveryPrefix,
  s3LogDestination,
  logDeliveryBucketStatements,
  logDeliveryKeyStatement,
  FlowLogBucket,
  S3FlowLogDestination,
  TRANSIT_GATEWAY_S3_FOLDER,
  type ExistingBucketOptions,
  type FlowLogBucketProps,
  type NewFlowLogBucketOptions,
} from "./s3";
export { RetiredS3FlowLogDestination, type RetiredBinding } from "./retired-s3";
export { FirehoseCrossAccountSourceRole, FirehoseFlowLogDestination, type FirehoseCrossAccountSourceRoleProps } from "./firehose";
export {
  organizationDeliveryBucketStatements,
  organizationDeliveryConditions,
  OrganizationArchiveBucket,
  OrganizationArchiveFlowLogDestination,
  type OrganizationArchiveBucketProps,
} from "./organization-archive";

/** The destination object for each destination type of the config. */
const FROM_CONFIG: { readonly [T in ResolvedDestination["type"]]: (d: Extract<ResolvedDestination, { type: T }>) => FlowLogDestination } = {
  "cloud-watch-logs": (d) => CloudWatchLogsFlowLogDestination.fromConfig(d),
  s3: (d) => (d.retired ? RetiredS3FlowLogDestination.fromConfig(d) : S3FlowLogDestination.fromConfig(d)),
  "kinesis-data-firehose": (d) => FirehoseFlowLogDestination.fromConfig(d),
  "organization-archive": (d) => OrganizationArchiveFlowLogDestination.fromConfig(d),
};

/** The destination object of a validated destination config (what the config path hands to FlowLogs). */
export function flowLogDestination(d: ResolvedDestination): FlowLogDestination {
  return (FROM_CONFIG[d.type] as (x: ResolvedDestination) => FlowLogDestination)(d);
}
