/**
 * The configuration: what users write, its defaults and AWS limits, and the resolved form
 * constructs take (validation: `validation/`). All of it is public: the library entry
 * re-exports this list as it is.
 */
export type {
  AlarmSettings,
  AlarmsConfig,
  AnomalyAlarmSettings,
  AthenaConfig,
  CloudWatchLogsDestinationConfig,
  EnvironmentConfig,
  FirehoseDestinationConfig,
  FlowLogDestinationConfig,
  FlowLogsConfig,
  MaxAggregationInterval,
  MonitoringConfig,
  NatGatewayMode,
  NetworkConfig,
  S3DestinationConfig,
  S3Encryption,
  S3LifecycleConfig,
  StateConfig,
  TrafficType,
  UsageAssumptions,
  VpcFlowLogMonitoringConfig,
} from "./types";
export {
  ALARM_DEFAULTS,
  ATHENA_DEFAULTS,
  ATHENA_MIN_CUTOFF_BYTES,
  CLOUDWATCH_DESTINATION_DEFAULTS,
  CLOUDWATCH_RETENTION_DAYS,
  defaultBucketName,
  defaultLogGroupName,
  MAX_FLOW_LOGS_PER_TARGET,
  RESERVED_TAG_KEYS,
  S3_DESTINATION_DEFAULTS,
  USAGE_DEFAULTS,
} from "./defaults";
export { ENVIRONMENT_FILE_RE, loadEnvironmentFiles } from "./files";
export type {
  ResolvedAlarm,
  ResolvedAlarms,
  ResolvedAnomalyAlarm,
  ResolvedAthena,
  ResolvedCloudWatchDestination,
  ResolvedCreatedLogGroupDestination,
  ResolvedDestination,
  ResolvedEnvironment,
  ResolvedExistingLogGroupDestination,
  ResolvedFirehoseDestination,
  ResolvedFlowLogMonitoring,
  ResolvedFlowLogs,
  ResolvedIdentity,
  ResolvedMonitoring,
  ResolvedNetwork,
  ResolvedS3Destination,
  ResolvedState,
  ResolvedVpcFlowLogMonitoring,
  ResolvedUsage,
  SubnetPlan,
} from "./resolved";
