/**
 * The library entry, by name: the stacks, the constructs one by one, the config types, their
 * defaults and validation, the record format, and the security rules. Helpers that are not API
 * stay inside their folders.
 */

// Stacks and composition.
export {
  addEnvironmentStacks,
  addFlowLogMonitoring,
  DEPLOYMENT_INFO_KEY,
  Monitoring,
  NetworkMonitoringStack,
  STATE_BOOTSTRAP_STACK,
  StateBootstrapStack,
  runApp,
  synthApp,
  VpcFlowLogMonitoring,
  type EnvironmentStacksOptions,
  type MonitoringProps,
  type NetworkMonitoringStackProps,
  type StackDeploymentInfo,
  type StateBootstrapStackProps,
  type SynthAppOptions,
} from "./stacks";

// Configuration: types, defaults, resolved form, environment files, validation.
export {
  ALARM_DEFAULTS,
  ATHENA_DEFAULTS,
  ATHENA_MIN_CUTOFF_BYTES,
  CLOUDWATCH_DESTINATION_DEFAULTS,
  CLOUDWATCH_RETENTION_DAYS,
  defaultBucketName,
  defaultLogGroupName,
  ENVIRONMENT_FILE_RE,
  loadEnvironmentFiles,
  MAX_FLOW_LOGS_PER_TARGET,
  RESERVED_TAG_KEYS,
  S3_DESTINATION_DEFAULTS,
  USAGE_DEFAULTS,
  type AlarmsConfig,
  type AlarmSettings,
  type AnomalyAlarmSettings,
  type AthenaConfig,
  type CloudWatchLogsDestinationConfig,
  type EnvironmentConfig,
  type FirehoseDestinationConfig,
  type FlowLogDestinationConfig,
  type FlowLogsConfig,
  type MaxAggregationInterval,
  type MonitoringConfig,
  type NatGatewayMode,
  type NetworkConfig,
  type ResolvedAlarm,
  type ResolvedAlarms,
  type ResolvedAnomalyAlarm,
  type ResolvedAthena,
  type ResolvedCloudWatchDestination,
  type ResolvedCreatedLogGroupDestination,
  type ResolvedDestination,
  type ResolvedEnvironment,
  type ResolvedExistingLogGroupDestination,
  type ResolvedFirehoseDestination,
  type ResolvedFlowLogMonitoring,
  type ResolvedFlowLogs,
  type ResolvedIdentity,
  type ResolvedMonitoring,
  type ResolvedNetwork,
  type ResolvedS3Destination,
  type ResolvedState,
  type ResolvedUsage,
  type ResolvedVpcFlowLogMonitoring,
  type S3DestinationConfig,
  type S3Encryption,
  type S3LifecycleConfig,
  type StateConfig,
  type SubnetPlan,
  type TrafficType,
  type UsageAssumptions,
  type VpcFlowLogMonitoringConfig,
} from "./config";
export {
  ConfigError,
  validateEnvironment,
  validateEnvironments,
  validateMonitoring,
  resolveUsage,
  validateVpcFlowLogMonitoring,
  type MonitoringSettingsInput,
} from "./config/validation";

// The flow-log record.
export {
  ALL_FLOW_LOG_FIELDS,
  DEFAULT_FORMAT_FIELDS,
  FLOW_LOG_FIELDS,
  RecordFormat,
  RecordFormatError,
  SHARED_QUERIES,
  type FieldSpec,
  type FlowLogField,
  type LeftOut,
  type QueryPurpose,
} from "./records";

// Records explained (no construct: a function and its types).
export {
  explainRecords,
  parseFormat,
  RecordExplainer,
  RuleSet,
  RulesFileError,
  RulesJudge,
  SENTENCES,
  type Explained,
  type ExplainedConversation,
  type ExplainedRecord,
  type ExplainOptions,
  type Language,
  type VerdictCode,
} from "./explain";

// Constructs.
export { Network, type NetworkProps } from "./network";
export {
  CloudWatchLogsDestination,
  CloudWatchLogsFlowLogDestination,
  FirehoseFlowLogDestination,
  FlowLogDestination,
  FlowLogs,
  logDeliveryBucketStatements,
  logDeliveryKeyStatement,
  S3Destination,
  S3FlowLogDestination,
  type BoundFlowLogDestination,
  type CloudWatchLogsDestinationProps,
  type FlowLogDestinationArgs,
  type FlowLogDestinationContext,
  type FlowLogsProps,
  type FlowLogTargetKind,
  type MonitoredLogGroup,
  type S3DestinationProps,
} from "./flow-logs";
export {
  AlarmTopic,
  FLOW_METRICS,
  FLOW_QUERIES,
  FlowLogGroupMonitoring,
  type AlarmTopicProps,
  type DashboardBody,
  type FlowMetricSpec,
  type FlowQuerySpec,
  type FlowLogGroupMonitoringProps,
} from "./monitoring";
export {
  ArchiveAthena,
  archiveLayout,
  athenaColumns,
  ATHENA_ENGINE_VERSION,
  locationTemplate,
  NAMED_QUERIES,
  renderNamedQuery,
  tableLocation,
  TRANSIT_GATEWAY_FIELDS,
  type ArchiveAthenaProps,
  type NamedQuerySpec,
  type ArchiveLayout,
  type AthenaColumn,
} from "./athena";
export { configureStateBackend, type StateBackendProps } from "./state";
export {
  arn,
  ManagedKey,
  partitionOf,
  PROJECT_NAME,
  SecureBucket,
  type AwsLocation,
  type BucketTransition,
  type ManagedKeyProps,
  type PolicyDocument,
  type PolicyStatement,
  type SecureBucketProps,
} from "./shared";

// Guardrails.
export {
  SECURITY_RULES,
  SecurityFindingsError,
  SecurityRules,
  suppressSecurityRule,
  type SecurityFinding,
  type SecurityRule,
  type SecurityRuleCheck,
  type SecurityRulesProps,
} from "./guardrails";
