/**
 * The typed configuration of one environment. Environment files under `environments/` are
 * plain data of this type; `validateEnvironment` checks it at runtime (it may also come from
 * JSON or plain JavaScript) and fills in defaults, giving a {@link ResolvedEnvironment}.
 */
import type { FlowLogField } from "../records/record-format";

/** How NAT gateways are laid out for the private subnets. */
export type NatGatewayMode = "none" | "single" | "per-az";

/** The network of an environment. */
export interface NetworkConfig {
  /** IPv4 CIDR block of the VPC, a /16 to /28 network address, such as `10.10.0.0/16`. */
  readonly cidr: string;
  /** Availability Zones, by name, all in the environment's region, such as `ap-northeast-1a`. */
  readonly availabilityZones: string[];
  /**
   * Prefix length of each public subnet (one per AZ).
   * @default VPC prefix length + 8 (a /24 in a /16), at most /28
   */
  readonly publicSubnetPrefixLength?: number;
  /**
   * Prefix length of each private subnet (one per AZ).
   * @default VPC prefix length + 4 (a /20 in a /16), at most /28
   */
  readonly privateSubnetPrefixLength?: number;
  /**
   * NAT gateways for the private subnets: none, a single one in the first AZ, or one per AZ.
   * @default "none"
   */
  readonly natGateways?: NatGatewayMode;
}

/** Which traffic a flow log records. */
export type TrafficType = "ALL" | "ACCEPT" | "REJECT";

/** The maximum aggregation interval of a flow log, in seconds. */
export type MaxAggregationInterval = 60 | 600;

/** Flow logs to CloudWatch Logs, in a log group this project creates or one that exists. */
export interface CloudWatchLogsDestinationConfig {
  /** AWS's own name of the destination type. */
  readonly type: "cloud-watch-logs";
  /**
   * Name of the log group to create.
   * @default `/network-monitoring/<environment>/vpc-flow-logs`
   */
  readonly logGroupName?: string;
  /**
   * Days to keep log events: one of the values CloudWatch Logs accepts
   * (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
   * 2922, 3288, 3653). "Never expire" is not offered: logs without retention grow forever.
   * @default 365
   */
  readonly retentionInDays?: number;
  /**
   * Encrypt the log group with a customer-managed KMS key: `true` for a key created for it
   * (rotation on, its policy lets CloudWatch Logs use it only for this log group), or the ARN
   * of a key you manage (a central key, in the environment's region), used as it is: its
   * policy must let `logs.<region>.amazonaws.com` use it for this log group, or AWS refuses the
   * log group at apply.
   * @default false (CloudWatch Logs' own encryption)
   */
  readonly customerManagedKey?: boolean | string;
  /**
   * Use an existing log group instead of creating one. Give its ARN and the ARN of a role that
   * `vpc-flow-logs.amazonaws.com` can assume to write to it; nothing else is created.
   * @default a log group and a delivery role are created
   */
  readonly existing?: {
    /** ARN of the existing log group. */
    readonly logGroupArn: string;
    /** ARN of the IAM role the flow log service assumes to deliver to it. */
    readonly deliveryRoleArn: string;
  };
}

/** Server-side encryption of a flow-log bucket. */
export type S3Encryption = "sse-kms" | "sse-s3";

/** Lifecycle of flow-log objects in a bucket this project creates. */
export interface S3LifecycleConfig {
  /**
   * Days after which objects move to S3 Standard-IA.
   * @default 30
   */
  readonly transitionToInfrequentAccessDays?: number;
  /**
   * Days after which objects move to the Glacier class of `glacierStorageClass`.
   * @default 90
   */
  readonly transitionToGlacierDays?: number;
  /**
   * The Glacier class of that step: Glacier Flexible Retrieval (`GLACIER`), which Athena
   * cannot read, or Glacier Instant Retrieval (`GLACIER_IR`), which it reads. With `athena`
   * on, `GLACIER` is refused.
   * @default "GLACIER"; "GLACIER_IR" when the destination has `athena` on
   */
  readonly glacierStorageClass?: "GLACIER" | "GLACIER_IR";
  /**
   * Days after which objects expire.
   * @default 365
   */
  readonly expirationDays?: number;
}

/** Flow logs to Amazon S3, in a bucket this project creates or one that exists. */
export interface S3DestinationConfig {
  /** AWS's own name of the destination type. */
  readonly type: "s3";
  /**
   * Name of the bucket to create.
   * @default `<environment>-<accountId>-<region>-vpc-flow-logs`
   */
  readonly bucketName?: string;
  /**
   * ARN of an existing bucket to write to instead (its policy must allow log delivery);
   * nothing else is created.
   * @default a bucket is created
   */
  readonly existingBucketArn?: string;
  /**
   * Format of the log files.
   * @default "plain-text"
   */
  readonly fileFormat?: "plain-text" | "parquet";
  /**
   * Hive-compatible S3 prefixes (`aws-account-id=.../aws-region=...`).
   * @default false
   */
  readonly hiveCompatiblePartitions?: boolean;
  /**
   * Partition log files per hour instead of per day.
   * @default false
   */
  readonly perHourPartition?: boolean;
  /**
   * Server-side encryption of a created bucket: a customer-managed KMS key created for it, or
   * S3-managed keys.
   * @default "sse-kms"
   */
  readonly encryption?: S3Encryption;
  /**
   * Lifecycle of the objects in a created bucket.
   * @default Standard-IA after 30 days, Glacier after 90 (Glacier Instant Retrieval with athena on), expiry after 365
   */
  readonly lifecycle?: S3LifecycleConfig;
  /**
   * Make the archive queryable with Amazon Athena: a Glue database and a table over exactly
   * the prefix this flow log writes (partition projection, no crawler), and a workgroup with
   * encrypted results and a per-query cutoff. `true` for the defaults. One S3 destination per
   * environment may have it.
   * @default off
   */
  readonly athena?: boolean | AthenaConfig;
}

/** Settings of the Athena workgroup and table over a flow-log archive. */
export interface AthenaConfig {
  /**
   * Bytes a query may scan before Athena cancels it (a cost guardrail; at least 10 MB,
   * 10485760).
   * @default 10 GiB (10737418240)
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Days query results are kept in the results bucket.
   * @default 30
   */
  readonly resultsExpirationDays?: number;
  /**
   * First year of the projected date partitions (the archive's first records).
   * @default 2024
   */
  readonly firstYear?: number;
}

/** Flow logs to an existing Amazon Data Firehose delivery stream. */
export interface FirehoseDestinationConfig {
  /** AWS's own name of the destination type. */
  readonly type: "kinesis-data-firehose";
  /** ARN of the delivery stream. */
  readonly deliveryStreamArn: string;
  /**
   * For a delivery stream in another account: ARN of the role in the stream's account that
   * log delivery assumes there (its name must begin with `AWSLogDeliveryFirehoseCrossAccountRole`,
   * its trust must name this environment's source role, `<name>-vpc-flow-logs-firehose-source`,
   * which is created here). Leave it out for a stream in the environment's account.
   * @default none: the stream is in the environment's account
   */
  readonly crossAccountDeliveryRoleArn?: string;
  /**
   * A second stream, in the same account and region, for the records of transit gateways and
   * their attachments (another record format), so that the VPC's stream holds one format.
   * @default the transit gateway records go to `deliveryStreamArn` too (synth warns)
   */
  readonly transitGatewayDeliveryStreamArn?: string;
}

/** Where flow log records go. */
export type FlowLogDestinationConfig = CloudWatchLogsDestinationConfig | S3DestinationConfig | FirehoseDestinationConfig;

/** Flow logs of an environment. */
export interface FlowLogsConfig {
  /** Which traffic to record: ALL, ACCEPT or REJECT. Transit gateway flow logs record all. */
  readonly trafficType: TrafficType;
  /** Maximum aggregation interval in seconds: 60 or 600. Transit gateways need 60. */
  readonly maxAggregationInterval: MaxAggregationInterval;
  /** Destinations; each target gets one flow log per destination (AWS allows 2 per target). */
  readonly destinations: FlowLogDestinationConfig[];
  /**
   * Fields of a custom record format, in order.
   * @default the AWS default format (the 14 version-2 fields)
   */
  readonly logFormat?: FlowLogField[];
  /**
   * Further subnets to log, by id (the VPC is always logged).
   * @default none
   */
  readonly subnetIds?: string[];
  /**
   * Network interfaces to log, by id.
   * @default none
   */
  readonly networkInterfaceIds?: string[];
  /**
   * Transit gateways to log, by id (their records use the transit-gateway default format).
   * @default none
   */
  readonly transitGatewayIds?: string[];
  /**
   * Transit gateway attachments to log, by id.
   * @default none
   */
  readonly transitGatewayAttachmentIds?: string[];
}

/** When an alarm fires: a statistic over periods compared with a threshold. */
export interface AlarmSettings {
  /**
   * Turn the alarm off (its metric filter stays).
   * @default true (on)
   */
  readonly enabled?: boolean;
  /**
   * Threshold: the alarm fires when the period's sum is above it.
   * @default per alarm (ALARM_DEFAULTS): rejectedFlows 100, rejectedRemoteAccess 20, skipData 0
   */
  readonly threshold?: number;
  /**
   * Length of one period in seconds: 60 or a multiple of 60.
   * @default 300
   */
  readonly periodSeconds?: number;
  /**
   * Number of recent periods looked at.
   * @default per alarm: rejectedFlows 3, rejectedRemoteAccess 1, skipData 1
   */
  readonly evaluationPeriods?: number;
  /**
   * Of those, how many must breach (at most evaluationPeriods).
   * @default per alarm: rejectedFlows 2, rejectedRemoteAccess 1, skipData 1
   */
  readonly datapointsToAlarm?: number;
}

/** The anomaly-detection alarm on bytes. */
export interface AnomalyAlarmSettings {
  /**
   * Turn it on.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Width of the expected band in standard deviations (ANOMALY_DETECTION_BAND's second argument).
   * @default 3
   */
  readonly bandWidth?: number;
  /** Length of one period in seconds. @default 300 */
  readonly periodSeconds?: number;
  /** Number of recent periods looked at. @default 3 */
  readonly evaluationPeriods?: number;
  /** Of those, how many must be above the band. @default 3 */
  readonly datapointsToAlarm?: number;
}

/** The alarms of an environment, each with defaults that suit a small VPC. */
export interface AlarmsConfig {
  /**
   * Rejected flows above a threshold.
   * @default sum > 100 in 2 of 3 periods of 300 s
   */
  readonly rejectedFlows?: AlarmSettings;
  /**
   * Rejected SSH/RDP attempts (TCP 22 or 3389) above a threshold.
   * @default sum > 20 in 1 period of 300 s
   */
  readonly rejectedRemoteAccess?: AlarmSettings;
  /**
   * Any SKIPDATA record (the flow log service dropped records: capacity or an internal error).
   * @default sum > 0 in 1 period of 300 s
   */
  readonly skipData?: AlarmSettings;
  /**
   * Bytes outside the band that CloudWatch anomaly detection learns.
   * @default off
   */
  readonly bytesAnomaly?: AnomalyAlarmSettings;
}

/** Alarms and notifications of an environment. */
export interface MonitoringConfig {
  /**
   * E-mail addresses subscribed to the environment's alarm topic. Each address must confirm
   * its subscription; Terraform cannot delete a subscription that was never confirmed.
   */
  readonly alarmEmails: string[];
  /**
   * HTTPS endpoints subscribed to the alarm topic (such as a chat webhook relay).
   * @default none
   */
  readonly httpsEndpoints?: string[];
  /**
   * Alarm thresholds and periods.
   * @default the defaults of each alarm
   */
  readonly alarms?: AlarmsConfig;
}

/** Where the environment's Terraform state lives. */
export interface StateConfig {
  /** Name of the S3 bucket that holds the state (created by the `state-bootstrap` stack). */
  readonly bucket: string;
  /**
   * Prefix of the state key: the key is `<keyPrefix>/<environment>/terraform.tfstate`.
   * @default "network-monitoring"
   */
  readonly keyPrefix?: string;
  /**
   * Region of the state bucket.
   * @default the environment's region
   */
  readonly region?: string;
  /**
   * KMS key (id, ARN or alias ARN) to encrypt the state object with.
   * @default the bucket's default encryption
   */
  readonly kmsKeyId?: string;
}

/**
 * What the environment's traffic and its people do, which no config can know and cost depends
 * on: `npm run cost` and the plan summary price the synthesized resources with these. Each
 * field has a default (`USAGE_DEFAULTS`); measure yours and set them.
 */
export interface UsageAssumptions {
  /**
   * GB of records one flow log that records ALL traffic delivers per day (uncompressed, as
   * vended-log delivery is billed); each destination delivers, and is billed for, its own copy.
   * @default 1
   */
  readonly flowLogGbPerDay?: number;
  /**
   * Share of the records that are REJECT: an ACCEPT-only flow log delivers the rest, a
   * REJECT-only one this share. From 0 to 1.
   * @default 0.1
   */
  readonly rejectedShare?: number;
  /**
   * Stored bytes per delivered byte in a log group: CloudWatch Logs bills storage on the
   * compressed bytes, and AWS's pricing calculator takes them as 0.15 of what is ingested.
   * The group's `storedBytes` divided by ingested bytes gives yours. Above 0, at most 1.
   * @default 0.15
   * @see https://calculator.aws/#/createCalculator/CloudWatch (its "compression factor")
   */
  readonly logGroupStoredShare?: number;
  /**
   * Stored bytes per delivered byte in an S3 archive of plain text (gzip files); Parquet is
   * taken as 20 % smaller than that (AWS's VPC guide). No AWS figure: 0.15, gzip's usual ratio
   * on flow-log text, alike CloudWatch's; bucket size divided by delivered bytes gives yours.
   * Above 0, at most 1.
   * @default 0.15
   */
  readonly archiveStoredShare?: number;
  /**
   * GB through all the environment's NAT gateways per day.
   * @default 10
   */
  readonly natGbPerDay?: number;
  /**
   * GB that Logs Insights queries scan per day (saved queries, dashboard log widgets, people).
   * @default 1
   */
  readonly insightsGbScannedPerDay?: number;
  /**
   * TB that Athena queries scan per month, per workgroup.
   * @default 0.05
   */
  readonly athenaTbScannedPerMonth?: number;
  /**
   * Athena queries per month, per workgroup (each is billed at least 10 MB, at most the
   * workgroup's per-query cutoff).
   * @default 300
   */
  readonly athenaQueriesPerMonth?: number;
  /**
   * How far back Athena queries read, in days (the named queries read 7). The bytes scanned are
   * taken as spread evenly over those days: the share that lies in Standard-IA or Glacier
   * Instant Retrieval by the archive's lifecycle pays S3's retrieval per GB, on top of Athena.
   * @default 7
   */
  readonly athenaDaysQueried?: number;
  /**
   * Which year after the first deploy the estimate is for: KMS keys that rotate yearly cost $1
   * more a month after each of their first two rotations (1 key-month in year 1, 3 from year 3).
   * @default 1
   */
  readonly estimateYear?: number;
  /**
   * Notifications per month to each alarm-topic subscription.
   * @default 100
   */
  readonly notificationsPerMonth?: number;
  /**
   * Requests per month to each KMS key (encrypting deliveries, reading the archive).
   * @default 10000
   */
  readonly kmsRequestsPerKeyPerMonth?: number;
  /**
   * Objects each flow log writes to S3 per day: AWS publishes a file every 5 minutes (288 a day)
   * while there is traffic; each is a PUT request and, later, one transition per lifecycle step.
   * @default 288
   */
  readonly s3ObjectsPerFlowLogPerDay?: number;
  /**
   * Whether the account's free allowances (3 dashboards, 10 custom metrics, 10 alarm metrics,
   * 1,000 e-mail notifications, 20,000 KMS requests a month) are this environment's: true when it
   * has its account to itself, false when other workloads use them up.
   * @default true
   */
  readonly accountFreeTier?: boolean;
}

/** One environment: one stack, one account, one region, one state key. */
export interface EnvironmentConfig {
  /** Name of the environment, used as the stack id (`cdktf deploy <name>`) and in resource names. */
  readonly name: string;
  /** The AWS account the environment lives in (12 digits); no other account can be touched. */
  readonly accountId: string;
  /** The AWS region, such as `ap-northeast-1`. */
  readonly region: string;
  /**
   * Whether this is a production environment (stricter retention, protection from destroy).
   * @default false
   */
  readonly production?: boolean;
  /** The VPC and its subnets. */
  readonly network: NetworkConfig;
  /** Flow logs. */
  readonly flowLogs: FlowLogsConfig;
  /**
   * Alarms and notifications, over the flow-log group: required when a destination is
   * CloudWatch Logs, refused otherwise (there is nothing to monitor).
   */
  readonly monitoring?: MonitoringConfig;
  /** Terraform state in S3. */
  readonly state: StateConfig;
  /**
   * Tags added to every resource, next to Project, Environment and ManagedBy.
   * @default none
   */
  readonly tags?: Record<string, string>;
  /**
   * What the environment's traffic and people do, for the cost estimate (no resource depends on it).
   * @default USAGE_DEFAULTS
   */
  readonly usage?: UsageAssumptions;
}

/**
 * Flow logs and their monitoring on a VPC that exists already (created elsewhere, in this
 * stack or outside Terraform), for {@link VpcFlowLogMonitoring}. The stack that uses it owns
 * the AWS provider and the state.
 */
export interface VpcFlowLogMonitoringConfig {
  /** Name used in resource names (roles, key aliases, alarms, dashboard), like an environment name. */
  readonly name: string;
  /** The AWS account of the VPC and of the stack's AWS provider (12 digits). */
  readonly accountId: string;
  /** The AWS region of the VPC, such as `ap-northeast-1`. */
  readonly region: string;
  /**
   * Production strictness: retention of at least 365 days, log groups, buckets and their keys
   * protected from destroy.
   * @default false
   */
  readonly production?: boolean;
  /** The VPC's id (`vpc-...`), or a reference to a VPC resource's `id`. */
  readonly vpcId: string;
  /** Flow logs. */
  readonly flowLogs: FlowLogsConfig;
  /**
   * Alarms and notifications, over the flow-log group: required when a destination is
   * CloudWatch Logs, refused otherwise (there is nothing to monitor).
   */
  readonly monitoring?: MonitoringConfig;
  /**
   * Tags on every resource this creates that takes tags, next to the stack's provider's
   * default tags (a resource's own tags, such as Name, win).
   * @default none
   */
  readonly tags?: Record<string, string>;
}
