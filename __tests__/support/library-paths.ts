/**
 * A team's stack that takes the library's paths the example environments do not: flow logs to
 * Firehose in another account (both roles), a transit gateway with an existing S3 bucket (its
 * records in a folder of their own), a log group encrypted with the team's own key, and tags
 * beside the provider's default tags; and flow logs built from destination objects: a log group
 * and delivery role the team made, handed in by reference, and a bucket created for them, whose
 * handles monitoring and Athena take; and the team's log group, role, bucket and key as objects,
 * which binding grants delivery. Real Terraform plans it with the environments.
 */
import { App, TerraformStack } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ArchiveAthena,
  ATHENA_DEFAULTS,
  CloudWatchLogsFlowLogDestination,
  FlowLogs,
  ManagedKey,
  Monitoring,
  RecordFormat,
  S3FlowLogDestination,
  SecureBucket,
  VpcFlowLogMonitoring,
} from "../../constructs";

export const LIBRARY_PATHS = "library-paths";

/** A team's trust policy for a delivery role: flow logs of its account may assume it. */
function flowLogsTrust(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}
export const LIBRARY_FIREHOSE_ROLE = "arn:aws:iam::999999999999:role/AWSLogDeliveryFirehoseCrossAccountRole-team";
export const LIBRARY_KEY = "arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const LIBRARY_TEAM_GROUP = "/team/objects/vpc-flow-logs";
export const LIBRARY_TEAM_BUCKET = "team-objects-555555555555-archive";

/**
 * Flow logs on a VPC from destination objects: the team's own log group and delivery role, by
 * reference, and a bucket (with its key) created for the records; monitoring takes the log group
 * handle, Athena the bucket's config and key.
 */
export function addDestinationObjects(stack: TerraformStack): {
  group: CloudwatchLogGroup;
  archive: S3FlowLogDestination;
  flowLogs: FlowLogs;
} {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const group = new CloudwatchLogGroup(stack, "team-group", { name: LIBRARY_TEAM_GROUP, retentionInDays: 365 });
  const role = new IamRole(stack, "team-delivery-role", {
    name: "team-objects-flow-logs",
    assumeRolePolicy: flowLogsTrust(location.accountId),
  });
  const logs = CloudWatchLogsFlowLogDestination.toLogGroup({ logGroupArn: group.arn, deliveryRoleArn: role.arn, logGroupName: group.name });
  const archive = S3FlowLogDestination.toNewBucket({ bucketName: LIBRARY_TEAM_BUCKET, fileFormat: "parquet" });
  const format = RecordFormat.DEFAULT;
  const flowLogs = new FlowLogs(stack, "team-objects", {
    location,
    environmentName: "team-objects",
    vpcId: "vpc-0a1b2c3d4e5f6071a",
    trafficType: "ALL",
    maxAggregationInterval: 60,
    format,
    destinations: [logs, archive],
  });
  new Monitoring(stack, "team-objects-monitoring", {
    location,
    environmentName: "team-objects",
    logGroup: logs.logGroup,
    format,
    monitoring: { alarmEmails: ["platform@example.com"] },
  });
  new ArchiveAthena(stack, "team-objects-athena", {
    location,
    environmentName: "team-objects",
    destination: { ...archive.config, athena: ATHENA_DEFAULTS },
    format,
    archiveKeyArn: archive.created?.key?.key.arn,
  });
  return { group, archive, flowLogs };
}

/** The name of the flow logs whose log group, role, bucket and key are the team's objects. */
export const LIBRARY_GRANTED = "team-granted";

/**
 * Flow logs from the team's own objects: a log group and a role that flow logs may assume (binding
 * gives the role its delivery policy), and a KMS-encrypted bucket with its key (binding adds the
 * delivery statements to both policies).
 */
export function addGrantedObjects(stack: TerraformStack): FlowLogs {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const logGroup = new CloudwatchLogGroup(stack, "granted-group", { name: `/team/${LIBRARY_GRANTED}/vpc-flow-logs`, retentionInDays: 365 });
  const role = new IamRole(stack, "granted-role", {
    name: `${LIBRARY_GRANTED}-flow-logs`,
    assumeRolePolicy: flowLogsTrust(location.accountId),
  });
  const key = new ManagedKey(stack, "granted-key", {
    location,
    alias: `${LIBRARY_GRANTED}/archive`,
    description: "The team's archive key",
  });
  const bucket = new SecureBucket(stack, "granted-archive", {
    location,
    bucketName: `${LIBRARY_GRANTED}-555555555555-archive`,
    encryption: { kind: "sse-kms", kmsKeyArn: key.key.arn },
    noncurrentVersionExpirationDays: 30,
  });
  return new FlowLogs(stack, LIBRARY_GRANTED, {
    location,
    environmentName: LIBRARY_GRANTED,
    vpcId: "vpc-0a1b2c3d4e5f6071b",
    trafficType: "ALL",
    maxAggregationInterval: 60,
    destinations: [
      CloudWatchLogsFlowLogDestination.toLogGroup({ logGroup, role }),
      S3FlowLogDestination.toBucket(bucket, { key, fileFormat: "parquet" }),
    ],
  });
}

/** The team's transit gateway records: a custom format of their own fields. */
export const LIBRARY_TGW_FORMAT = [
  "version",
  "tgw-attachment-id",
  "tgw-pair-attachment-id",
  "srcaddr",
  "dstaddr",
  "dstport",
  "protocol",
  "packets",
  "start",
  "end",
  "packets-lost-no-route",
  "packets-lost-blackhole",
] as const;

export function addLibraryPathsStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, LIBRARY_PATHS);
  new AwsProvider(stack, "aws", {
    region: "eu-west-1",
    allowedAccountIds: ["555555555555"],
    defaultTags: [{ tags: { Owner: "team-provider" } }],
  });
  new VpcFlowLogMonitoring(stack, "shared-vpc", {
    name: "team-shared",
    accountId: "555555555555",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60718",
    flowLogs: {
      trafficType: "ALL",
      maxAggregationInterval: 60,
      transitGatewayIds: ["tgw-0123456789abcdef0"],
      transitGatewayLogFormat: [...LIBRARY_TGW_FORMAT],
      destinations: [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:eu-west-1:999999999999:deliverystream/network",
          crossAccountDeliveryRoleArn: LIBRARY_FIREHOSE_ROLE,
          transitGatewayDeliveryStreamArn: "arn:aws:firehose:eu-west-1:999999999999:deliverystream/network-tgw",
        },
        { type: "s3", existingBucketArn: "arn:aws:s3:::team-central-logs/vpc" },
      ],
    },
  });
  new VpcFlowLogMonitoring(stack, "app-vpc", {
    name: "team-app",
    accountId: "555555555555",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60719",
    flowLogs: {
      trafficType: "REJECT",
      maxAggregationInterval: 600,
      destinations: [{ type: "cloud-watch-logs", retentionInDays: 90, customerManagedKey: LIBRARY_KEY }],
    },
    monitoring: { alarmEmails: ["platform@example.com"] },
    tags: { Team: "platform" },
  });
  // A hub's transit gateway attachment, its records in their own group, monitored.
  new VpcFlowLogMonitoring(stack, "hub-vpc", {
    name: "team-hub",
    accountId: "555555555555",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60720",
    flowLogs: {
      trafficType: "ALL",
      maxAggregationInterval: 60,
      transitGatewayAttachmentIds: ["tgw-attach-0123456789abcdef0"],
      destinations: [{ type: "cloud-watch-logs", retentionInDays: 30 }],
    },
    monitoring: { alarmEmails: ["platform@example.com"], alarms: { transitGatewayPacketsLost: { threshold: 5 } } },
  });
  addDestinationObjects(stack);
  addGrantedObjects(stack);
  return stack;
}
