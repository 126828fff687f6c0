/**
 * The library entry: the stacks, the constructs one by one, the config types and their
 * validation.
 */
export * from "./config";
export {
  ConfigError,
  validateEnvironment,
  validateEnvironments,
  CLOUDWATCH_RETENTION_DAYS,
  MAX_FLOW_LOGS_PER_TARGET,
  PROJECT_NAME,
  ALARM_DEFAULTS,
} from "./validation";
export type {
  ResolvedEnvironment,
  ResolvedDestination,
  ResolvedCloudWatchDestination,
  ResolvedS3Destination,
  SubnetPlan,
  ResolvedMonitoring,
  ResolvedAlarm,
  ResolvedAnomalyAlarm,
} from "./validation";
export * from "./record-format";
export * from "./app";
export * from "./network-monitoring-stack";
export * from "./deployment-info";
export * from "./state-bootstrap-stack";
export * from "./state-backend";
export * from "./network";
export * from "./flow-logs";
export * from "./cloudwatch-logs-destination";
export * from "./s3-destination";
export * from "./secure-bucket";
export * from "./kms-key";
export * from "./policy";
export * from "./monitoring";
export * from "./alarm-topic";
export * from "./dashboard";
export * from "./filter-pattern";
export * from "./queries";
export * from "./security-rules";
export { parseCidr, formatCidr, allocateSubnets } from "./cidr";
export type { Ipv4Cidr } from "./cidr";
export * from "./vpc-flow-log-monitoring";
