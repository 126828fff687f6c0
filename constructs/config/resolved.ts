/**
 * The configuration after validation: every default filled in and derived values computed.
 * The constructs take these types; where a resolved shape is the config's shape with nothing
 * left optional, it is derived from the config type rather than written again.
 */
import type { RecordFormat } from "../records/record-format";
import type { TransitGatewayFormat } from "../records/transit-gateway-format";
import type {
  AlarmsConfig,
  AthenaConfig,
  CloudWatchLogsDestinationConfig,
  FirehoseDestinationConfig,
  MaxAggregationInterval,
  NatGatewayMode,
  ObjectLockConfig,
  S3DestinationConfig,
  S3LifecycleConfig,
  TrafficType,
  UsageAssumptions,
} from "./types";

/** A subnet the network construct creates. */
export interface SubnetPlan {
  /** Availability Zone. */
  readonly availabilityZone: string;
  /** CIDR block computed from the VPC's. */
  readonly cidr: string;
}

/** A CloudWatch Logs destination whose log group (and delivery role) this project creates. */
export type ResolvedCreatedLogGroupDestination = Required<Omit<CloudWatchLogsDestinationConfig, "existing">> & {
  /** The log group is created here. */
  readonly source: "created";
};

/** A CloudWatch Logs destination in a log group that exists, with the role that delivers to it. */
export type ResolvedExistingLogGroupDestination = Pick<CloudWatchLogsDestinationConfig, "type"> &
  Required<Pick<CloudWatchLogsDestinationConfig, "existing">> & {
    /** The log group exists already; nothing is created for it. */
    readonly source: "existing";
    /** The group's name, taken from its ARN; absent when the ARN is a Terraform reference (Terraform knows the name). */
    readonly logGroupName?: string;
  };

/** A CloudWatch Logs destination with defaults filled in: a created or an existing log group. */
export type ResolvedCloudWatchDestination = ResolvedCreatedLogGroupDestination | ResolvedExistingLogGroupDestination;

/** An S3 destination with defaults filled in. */
export type ResolvedS3Destination = Required<Omit<S3DestinationConfig, "existingBucketArn" | "lifecycle" | "athena" | "retired">> &
  Pick<S3DestinationConfig, "existingBucketArn"> & {
    /** Name of the bucket (created, or taken from the existing ARN). */
    readonly bucketName: string;
    /** Lifecycle of a created bucket; 0 days turns a step off. */
    readonly lifecycle: Readonly<Required<S3LifecycleConfig>>;
    /** Athena over the archive, with its defaults; absent when off. */
    readonly athena?: ResolvedAthena;
    /** Retired: no flow log; its bucket, key and Athena resources are kept in AWS and forgotten by Terraform. Absent when live. */
    readonly retired?: true;
  };

/** The Athena settings of an S3 destination, with defaults filled in. */
export type ResolvedAthena = Readonly<Required<AthenaConfig>>;

/** A Firehose destination (it has no defaults). */
export type ResolvedFirehoseDestination = FirehoseDestinationConfig;

/**
 * The organisation's archive as an environment's destination: the app's log-archive bucket, in
 * the archive's one layout (what `log-archive` reads with one table).
 */
export interface ResolvedOrganizationArchiveDestination {
  readonly type: "organization-archive";
  /** The central bucket's name. */
  readonly bucketName: string;
  /** The Log Archive account and region. */
  readonly archiveAccountId: string;
  readonly archiveRegion: string;
  readonly fileFormat: "parquet";
  readonly hiveCompatiblePartitions: false;
  readonly perHourPartition: true;
}

/** A destination with defaults filled in. */
export type ResolvedDestination =
  ResolvedCloudWatchDestination | ResolvedS3Destination | ResolvedFirehoseDestination | ResolvedOrganizationArchiveDestination;

/** The organisation's log archive with its defaults filled in. */
/** The delivery watch's settings with defaults filled in. */
export interface ResolvedDeliveryWatch {
  readonly silentHours: number;
  readonly alarmEmails: readonly string[];
  readonly httpsEndpoints: readonly string[];
}

export interface ResolvedLogArchive {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly organizationId?: string;
  readonly bucketName: string;
  readonly lifecycle: Readonly<Required<S3LifecycleConfig>>;
  readonly objectLock?: Readonly<Required<ObjectLockConfig>>;
  /** Principals of another account that may assume the analyst role (empty: no role). */
  readonly analystPrincipals: readonly string[];
  readonly athena: ResolvedAthena;
  /** The watch over the members' deliveries; undefined when turned off. */
  readonly deliveryWatch?: ResolvedDeliveryWatch;
  /** The archive's usage (`ArchiveUsageAssumptions`) over `USAGE_DEFAULTS`: what the cost estimate prices the stack with. */
  readonly usage: ResolvedUsage;
  readonly state: ResolvedState;
}

/** Every alarm's settings with every default filled in (fields as in the config). */
export type ResolvedAlarms = { readonly [K in keyof AlarmsConfig]-?: Readonly<Required<NonNullable<AlarmsConfig[K]>>> };

/** A threshold alarm's settings after validation, fields as in AlarmSettings. */
export type ResolvedAlarm = ResolvedAlarms["rejectedFlows"];

/** The anomaly-detection alarm with defaults filled in. */
export type ResolvedAnomalyAlarm = ResolvedAlarms["bytesAnomaly"];

/** Monitoring settings with defaults filled in. */
export interface ResolvedMonitoring {
  readonly alarmEmails: readonly string[];
  readonly httpsEndpoints: readonly string[];
  readonly alarms: ResolvedAlarms;
}

/** The flow-log settings with defaults filled in and the record format built. */
export interface ResolvedFlowLogs {
  readonly trafficType: TrafficType;
  readonly maxAggregationInterval: MaxAggregationInterval;
  readonly format: RecordFormat;
  /** The record format of the transit gateways' and attachments' flow logs. */
  readonly transitGatewayFormat: TransitGatewayFormat;
  readonly destinations: readonly ResolvedDestination[];
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly transitGatewayIds: readonly string[];
  readonly transitGatewayAttachmentIds: readonly string[];
  /** Whether transit gateways or their attachments are logged (their records have another format). */
  readonly transitGateways: boolean;
}

/** The network with its subnets computed. */
export interface ResolvedNetwork {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly natGateways: NatGatewayMode;
  readonly publicSubnets: readonly SubnetPlan[];
  readonly privateSubnets: readonly SubnetPlan[];
}

/** Where the state lives, with its key computed. */
export interface ResolvedState {
  readonly bucket: string;
  readonly keyPrefix: string;
  /** `<keyPrefix>/<name>/terraform.tfstate` */
  readonly key: string;
  readonly region: string;
  readonly kmsKeyId?: string;
}

/** Name, account, region and production flag: what every kind of config has. */
export interface ResolvedIdentity {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** AWS partition of the region: aws, aws-cn or aws-us-gov. */
  readonly partition: string;
  readonly production: boolean;
}

/** An environment after validation, with every default filled in and derived values computed. */
export interface ResolvedEnvironment extends ResolvedIdentity {
  /** Its place in the order of promotion (lower first). */
  readonly promotionOrder: number;
  readonly network: ResolvedNetwork;
  readonly flowLogs: ResolvedFlowLogs;
  /** Absent when no destination is CloudWatch Logs. */
  readonly monitoring?: ResolvedMonitoring;
  readonly state: ResolvedState;
  /** Tags for every resource, including Project, Environment and ManagedBy. */
  readonly tags: Readonly<Record<string, string>>;
  /** The usage assumptions of the cost estimate, defaults filled in. */
  readonly usage: ResolvedUsage;
}

/** {@link UsageAssumptions} with every default filled in. */
export type ResolvedUsage = Required<UsageAssumptions>;

/** A validated {@link VpcFlowLogMonitoringConfig} with its defaults. */
export interface ResolvedVpcFlowLogMonitoring extends ResolvedIdentity {
  /** The VPC's id, or a Terraform reference to it. */
  readonly vpcId: string;
  readonly flowLogs: ResolvedFlowLogs;
  /** Absent when no destination is CloudWatch Logs. */
  readonly monitoring?: ResolvedMonitoring;
  /** The config's tags (none when it gave none). */
  readonly tags: Readonly<Record<string, string>>;
}

/** What flow logs and their monitoring need of a config, environment or existing VPC alike. */
export type ResolvedFlowLogMonitoring = Pick<ResolvedEnvironment, keyof ResolvedIdentity | "flowLogs" | "monitoring">;
