import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import {
  CloudWatchLogsFlowLogDestination,
  logDeliveryBucketStatements,
  logDeliveryKeyStatement,
  ManagedKey,
  RetiredS3FlowLogDestination,
  S3FlowLogDestination,
  SecureBucket,
  type FlowLogsProps,
  type ResolvedS3Destination,
  type VpcFlowLogMonitoringConfig,
} from "../../constructs";
import { VpcFlowLogMonitoring } from "../../constructs/stacks/vpc-flow-log-monitoring";
import { FlowLogs } from "../../constructs/flow-logs/flow-logs";
import { RecordFormat } from "../../constructs/records/record-format";
import { keyAdministrationStatement } from "../../constructs/shared/policy";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import {
  environmentWith,
  policy,
  refTo,
  resource,
  resources,
  statement,
  synthEnvironment,
  type TfJson,
  warningsUnder,
} from "../support/helpers";
import { BASE_ENVIRONMENT, NO_MONITORING, withOwnArchive } from "../support/environment";
import { addDestinationObjects, LIBRARY_TEAM_BUCKET } from "../support/library-paths";

const GROUP_ARN = "arn:aws:logs:ap-northeast-1:111111111111:log-group:/network-monitoring/test/vpc-flow-logs";

describe("flow log to CloudWatch Logs (created)", () => {
  const base = () => synthEnvironment(BASE_ENVIRONMENT);

  test("one flow log on the VPC: ALL traffic, 60 s, AWS default format (no log_format)", () => {
    const { json } = base();
    const fl = resource(json, "aws_flow_log");
    expect(fl).toMatchObject({
      vpc_id: refTo(json, "aws_vpc", "/vpc", "id"),
      log_destination_type: "cloud-watch-logs",
      log_destination: refTo(json, "aws_cloudwatch_log_group", "/cloudwatch/log-group", "arn"),
      iam_role_arn: refTo(json, "aws_iam_role", "/cloudwatch/delivery-role", "arn"),
      traffic_type: "ALL",
      max_aggregation_interval: 60,
    });
    expect(fl.log_format).toBeUndefined();
    expect(fl.destination_options).toBeUndefined();
    expect(fl.depends_on).toEqual(expect.arrayContaining([`aws_iam_role_policy.${resources(json, "aws_iam_role_policy")[0][0]}`]));
  });

  test("log group: name, 30 days, STANDARD class (metric filters need it), no key by default", () => {
    const { json } = base();
    expect(resource(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/network-monitoring/test/vpc-flow-logs",
      retention_in_days: 30,
      log_group_class: "STANDARD",
    });
    expect(resource(json, "aws_cloudwatch_log_group").kms_key_id).toBeUndefined();
    expect(resources(json, "aws_kms_key").filter(([id]) => id.startsWith("flow-logs_"))).toHaveLength(0);
  });

  test("delivery role: trusted only by vpc-flow-logs.amazonaws.com for this account's flow logs", () => {
    const { json } = base();
    const role = resource(json, "aws_iam_role");
    expect(role.name).toBe("test-vpc-flow-logs-delivery");
    expect(policy(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "FlowLogsOfThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111111111111" },
          ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-northeast-1:111111111111:vpc-flow-log/*" },
        },
      },
    ]);
  });

  test("delivery policy: the three delivery actions on the log group and its streams only", () => {
    const { json } = base();
    const doc = policy(resource(json, "aws_iam_role_policy").policy);
    expect(doc.Statement).toEqual([
      {
        Sid: "DeliverToTheseLogGroupsOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [GROUP_ARN, `${GROUP_ARN}:*`],
      },
    ]);
    const text = JSON.stringify(doc);
    expect(text).not.toContain("logs:CreateLogGroup");
    expect(text).not.toContain('"*"');
  });

  test("the construct exposes the ordered fields and the log group to monitor", () => {
    const { stack } = base();
    expect(stack.flowLogs.fields).toEqual(RecordFormat.DEFAULT.fields);
    expect(stack.flowLogs.monitoredLogGroup).toMatchObject({ name: "/network-monitoring/test/vpc-flow-logs", arn: GROUP_ARN });
  });
});

describe("flow log to CloudWatch Logs with a customer-managed key (prod)", () => {
  const prodStack = () => synthEnvironment(withOwnArchive(prod));
  const groupArn = "arn:aws:logs:ap-northeast-1:333333333333:log-group:/network-monitoring/prod/vpc-flow-logs";

  test("log group encrypted with its key, 400 days, protected from destroy", () => {
    const { json } = prodStack();
    const group = resource(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({
      retention_in_days: 400,
      kms_key_id: refTo(json, "aws_kms_key", "/cloudwatch/kms/key", "arn"),
      skip_destroy: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("production keeps what its logs need: both flow-log keys are protected, the alarm key and non-production keys are not", () => {
    const { json } = prodStack();
    expect(resource(json, "aws_kms_key", "/cloudwatch/kms/key").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_kms_key", "/s3/kms/key").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_kms_key", "/alarm-topic/key").lifecycle).toBeUndefined();
    const s = synthEnvironment(withOwnArchive(staging)).json;
    expect(resource(s, "aws_kms_key", "/s3/kms/key").lifecycle).toBeUndefined();
    expect(resource(s, "aws_s3_bucket", "/s3/bucket").lifecycle).toBeUndefined();
  });

  // Provider issue 29282 (AccessDeniedException "KMS key ... is not allowed" on the first apply).
  // What would make it a race here, and is not: a key policy in a separate aws_kms_key_policy
  // (the group could be created before it is attached), or a group that does not wait for its
  // key (aws_kms_key's create waits until GetKeyPolicy returns the policy 5 times in a row).
  // What makes it a refusal whatever the timing: a condition naming the group otherwise than
  // CloudWatch's encryption context does (the group ARN, without ":*").
  test("first apply: the policy is part of the key, each group refers to its key, the condition names each group as CloudWatch does", () => {
    const { json } = prodStack();
    const withTgw = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "cloud-watch-logs", customerManagedKey: true }];
        e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      }),
    ).json;
    for (const j of [json, withTgw]) {
      expect(resources(j, "aws_kms_key_policy")).toEqual([]);
      const key = resource(j, "aws_kms_key", "/cloudwatch/kms/key");
      const groups = resources(j, "aws_cloudwatch_log_group").map(([, g]) => g);
      const names = groups.map((g) => g.name as string);
      for (const g of groups) expect(g.kms_key_id).toBe(refTo(j, "aws_kms_key", "/cloudwatch/kms/key", "arn"));
      const condition = statement(policy(key.policy), "CloudWatchLogsUsesKeyForTheseLogGroupsOnly").Condition!;
      const account = j === json ? "333333333333" : "111111111111";
      expect(Object.keys(condition)).toEqual(["ArnEquals"]);
      expect([...condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]].sort()).toEqual(
        names.map((n) => `arn:aws:logs:ap-northeast-1:${account}:log-group:${n}`).sort(),
      );
    }
  });

  test("key rotates; CloudWatch Logs may use it only for this log group", () => {
    const { json } = prodStack();
    const key = resource(json, "aws_kms_key", "/cloudwatch/kms/key");
    expect(key.enable_key_rotation).toBe(true);
    const doc = policy(key.policy);
    expect(statement(doc, "AccountAdministersKey")).toEqual({
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "kms:*",
      Resource: "*",
    });
    expect(statement(doc, "CloudWatchLogsUsesKeyForTheseLogGroupsOnly")).toEqual({
      Sid: "CloudWatchLogsUsesKeyForTheseLogGroupsOnly",
      Effect: "Allow",
      Principal: { Service: "logs.ap-northeast-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [groupArn] } },
    });
    expect(doc.Statement).toHaveLength(2);
    expect(resource(json, "aws_kms_alias", "/cloudwatch/kms/alias").name).toBe("alias/network-monitoring/prod/flow-log-group");
  });
});

describe("flow log to S3 (created)", () => {
  const prodStack = () => synthEnvironment(withOwnArchive(prod));
  const bucket = "prod-333333333333-ap-northeast-1-vpc-flow-logs";
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const conditions = {
    StringEquals: { "aws:SourceAccount": "333333333333" },
    ArnLike: { "aws:SourceArn": "arn:aws:logs:ap-northeast-1:333333333333:*" },
  };

  test("flow log: Parquet, plain date prefixes, per hour, depends on the bucket policy and key", () => {
    const { json } = prodStack();
    const fl = resource(json, "aws_flow_log", "/vpc-to-s3");
    expect(fl).toMatchObject({
      log_destination_type: "s3",
      log_destination: refTo(json, "aws_s3_bucket", "/s3/bucket", "arn"),
      destination_options: { file_format: "parquet", hive_compatible_partitions: false, per_hour_partition: true },
      traffic_type: "ALL",
    });
    expect(fl.iam_role_arn).toBeUndefined();
    const policyId = resources(json, "aws_s3_bucket_policy").find(([id]) => id.startsWith("flow-logs_"))![0];
    expect(fl.depends_on).toContain(`aws_s3_bucket_policy.${policyId}`);
  });

  test("bucket policy: TLS only, AWSLogDeliveryWrite on the account's prefix, AWSLogDeliveryAclCheck", () => {
    const { json } = prodStack();
    const doc = policy(resource(json, "aws_s3_bucket_policy", "/s3/bucket/policy").policy);
    expect(doc.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/AWSLogs/333333333333/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": "333333333333", "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: conditions.ArnLike,
        },
      },
      {
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: bucketArn,
        Condition: conditions,
      },
    ]);
  });

  test("with Hive-compatible partitions the write prefix is AWSLogs/aws-account-id=<account>/", () => {
    const s = synthEnvironment(
      environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3", hiveCompatiblePartitions: true }]), NO_MONITORING),
    ).json;
    const doc = policy(resource(s, "aws_s3_bucket_policy", "/s3/bucket/policy").policy);
    expect(statement(doc, "AWSLogDeliveryWrite").Resource).toBe(
      "arn:aws:s3:::test-111111111111-ap-northeast-1-vpc-flow-logs/AWSLogs/aws-account-id=111111111111/*",
    );
  });

  test("bucket: private, owner enforced, versioned, SSE-KMS with bucket key, lifecycle from config", () => {
    const { json } = prodStack();
    expect(resource(json, "aws_s3_bucket", "/s3/bucket")).toMatchObject({
      bucket,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_s3_bucket_public_access_block", "/s3/bucket/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_ownership_controls", "/s3/bucket/ownership").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
    expect(resource(json, "aws_s3_bucket_versioning", "/s3/bucket/versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "/s3/bucket/encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: refTo(json, "aws_kms_key", "/s3/kms/key", "arn"),
        },
        bucket_key_enabled: true,
      },
    ]);
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "/s3/bucket/lifecycle").rule;
    expect(rules[0]).toMatchObject({
      id: "current-objects",
      status: "Enabled",
      transition: [
        { days: 30, storage_class: "STANDARD_IA" },
        { days: 90, storage_class: "GLACIER_IR" },
      ],
      expiration: [{ days: 1096 }],
    });
    expect(rules[1]).toMatchObject({ id: "noncurrent-versions", noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
  });

  test("the bucket key lets delivery.logs encrypt for this account's deliveries only", () => {
    const { json } = prodStack();
    const key = resource(json, "aws_kms_key", "/s3/kms/key");
    expect(key.enable_key_rotation).toBe(true);
    expect(statement(policy(key.policy), "LogDeliveryEncryptsForThisAccountOnly")).toEqual({
      Sid: "LogDeliveryEncryptsForThisAccountOnly",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: conditions,
    });
  });

  test("SSE-S3 when asked: AES256, no key", () => {
    const { json: j } = synthEnvironment(
      environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3", encryption: "sse-s3" }]), NO_MONITORING),
    );
    expect(resources(j, "aws_kms_key")).toHaveLength(0);
    expect(resource(j, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "AES256",
    });
    expect(resource(j, "aws_flow_log").destination_options).toEqual({
      file_format: "plain-text",
      hive_compatible_partitions: false,
      per_hour_partition: false,
    });
  });
});

describe("existing destinations and Firehose", () => {
  test("an existing log group and role: nothing created, the flow log points at them", () => {
    const { json, stack } = synthEnvironment(
      environmentWith(
        (e) =>
          (e.flowLogs.destinations = [
            {
              type: "cloud-watch-logs",
              existing: {
                logGroupArn: "arn:aws:logs:ap-northeast-1:111111111111:log-group:central-flow-logs:*",
                deliveryRoleArn: "arn:aws:iam::111111111111:role/central-flow-logs",
              },
            },
          ]),
      ),
    );
    expect(resources(json, "aws_cloudwatch_log_group")).toHaveLength(0);
    expect(resources(json, "aws_iam_role")).toHaveLength(0);
    expect(resource(json, "aws_flow_log")).toMatchObject({
      log_destination: "arn:aws:logs:ap-northeast-1:111111111111:log-group:central-flow-logs",
      iam_role_arn: "arn:aws:iam::111111111111:role/central-flow-logs",
    });
    expect(stack.flowLogs.monitoredLogGroup?.name).toBe("central-flow-logs");
  });

  test("an existing bucket: nothing created, destination options kept", () => {
    const { json } = synthEnvironment(
      environmentWith(
        (e) => (e.flowLogs.destinations = [{ type: "s3", existingBucketArn: "arn:aws:s3:::central-logs/vpc", fileFormat: "parquet" }]),
        NO_MONITORING,
      ),
    );
    expect(resources(json, "aws_s3_bucket")).toHaveLength(0);
    expect(resource(json, "aws_flow_log")).toMatchObject({
      log_destination_type: "s3",
      log_destination: "arn:aws:s3:::central-logs/vpc",
      destination_options: { file_format: "parquet" },
    });
  });

  test("Firehose in the environment's account: the stream ARN only; no role (AWS's log-delivery service-linked role delivers)", () => {
    const stream = "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/flow-logs";
    const { json, stack } = synthEnvironment(
      environmentWith((e) => (e.flowLogs.destinations = [{ type: "kinesis-data-firehose", deliveryStreamArn: stream }]), NO_MONITORING),
    );
    const fl = resource(json, "aws_flow_log");
    expect(fl).toMatchObject({ log_destination_type: "kinesis-data-firehose", log_destination: stream });
    expect(fl.iam_role_arn).toBeUndefined();
    expect(fl.deliver_cross_account_role).toBeUndefined();
    expect(resources(json, "aws_iam_role")).toHaveLength(0);
    expect(stack.flowLogs.monitoredLogGroup).toBeUndefined();
  });

  // AWS's VPC guide, "IAM roles for cross account delivery", and the provider's aws_flow_log
  // docs, "Cross-Account Amazon Data Firehose Logging": a role in the source account passed as
  // iam_role_arn, and the destination account's role as deliver_cross_account_role.
  describe("Firehose in another account: the source role, as AWS documents it", () => {
    const stream = "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/flow-logs";
    const destinationRole = "arn:aws:iam::999999999999:role/AWSLogDeliveryFirehoseCrossAccountRole-network";
    const sourceRoleArn = "arn:aws:iam::111111111111:role/test-vpc-flow-logs-firehose-source";
    const crossAccount = () => {
      const { json, stack } = synthEnvironment(
        environmentWith((e) => {
          e.flowLogs.destinations = [
            { type: "kinesis-data-firehose", deliveryStreamArn: stream, crossAccountDeliveryRoleArn: destinationRole },
          ];
          e.flowLogs.subnetIds = ["subnet-0123456789abcdef0"];
        }, NO_MONITORING),
      );
      return {
        json,
        stack,
        flowLogs: resources(json, "aws_flow_log").map(([, f]) => f),
        role: resource(json, "aws_iam_role", "/firehose/source-role"),
        permissions: policy(resource(json, "aws_iam_role_policy", "/firehose/source-policy").policy),
      };
    };

    test("each flow log passes both roles: the source role as iam_role_arn, the destination's as deliver_cross_account_role", () => {
      const { json, flowLogs, role } = crossAccount();
      expect(flowLogs).toHaveLength(2);
      for (const fl of flowLogs) {
        expect(fl).toMatchObject({
          log_destination_type: "kinesis-data-firehose",
          log_destination: stream,
          iam_role_arn: refTo(json, "aws_iam_role", "/firehose/source-role", "arn"),
          deliver_cross_account_role: destinationRole,
        });
        expect(fl.depends_on).toContain(`aws_iam_role_policy.${resources(json, "aws_iam_role_policy")[0][0]}`);
      }
      expect(role.name).toBe("test-vpc-flow-logs-firehose-source");
      expect(role.description).toBe("Delivers VPC flow logs of account 111111111111 in ap-northeast-1 to Firehose in account 999999999999");
      expect(resource(json, "aws_iam_role_policy", "/firehose/source-policy").name).toBe("deliver-flow-logs-cross-account");
    });

    test("trusted by the log delivery service, as AWS documents the source role", () => {
      const { role } = crossAccount();
      expect(policy(role.assume_role_policy).Statement).toEqual([
        {
          Sid: "LogDeliveryAssumesForFlowLogs",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ]);
    });

    test("passable only to log delivery and only for the monitored VPC and subnet", () => {
      const { json, permissions } = crossAccount();
      expect(statement(permissions, "PassOnlyToLogDeliveryForTheseResources")).toEqual({
        Sid: "PassOnlyToLogDeliveryForTheseResources",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: sourceRoleArn,
        Condition: {
          StringEquals: { "iam:PassedToService": "delivery.logs.amazonaws.com" },
          StringLike: {
            "iam:AssociatedResourceARN": [
              `arn:aws:ec2:ap-northeast-1:111111111111:vpc/${refTo(json, "aws_vpc", "/vpc", "id")}`,
              "arn:aws:ec2:ap-northeast-1:111111111111:subnet/subnet-0123456789abcdef0",
            ],
          },
        },
      });
    });

    test("the log-delivery actions, and sts:AssumeRole on the one destination role; nothing else", () => {
      const { permissions } = crossAccount();
      expect(statement(permissions, "ManageLogDelivery")).toEqual({
        Sid: "ManageLogDelivery",
        Effect: "Allow",
        Action: ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:GetLogDelivery"],
        Resource: "*",
      });
      expect(statement(permissions, "AssumeTheDestinationRoleOnly")).toEqual({
        Sid: "AssumeTheDestinationRoleOnly",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: destinationRole,
      });
      expect(permissions.Statement).toHaveLength(3);
    });

    test("the rule pack's confused-deputy finding on it is accepted visibly, with AWS's reason, not hidden", () => {
      const { stack } = crossAccount();
      const finding = stack.securityRules.findings.find((f) => f.rule.id === "NM-IAM-CONFUSED-DEPUTY");
      expect(finding?.path).toMatch(/firehose\/source-role$/);
      expect(finding?.suppressedBecause).toMatch(/AWS documents .* without source conditions/);
      expect(stack.securityRules.findings.filter((f) => !f.suppressedBecause)).toEqual([]);
    });
  });
});

describe("transit gateway records keep apart from the VPC's in S3 and Firehose", () => {
  const tgw = (e: { flowLogs: { transitGatewayIds?: string[]; transitGatewayAttachmentIds?: string[] } }) => {
    e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
    e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0"];
  };
  const byTarget = (json: ReturnType<typeof synthEnvironment>["json"]) => {
    const logs = resources(json, "aws_flow_log").map(([, f]) => f);
    return {
      vpc: logs.filter((f) => f.vpc_id),
      tgw: logs.filter((f) => f.transit_gateway_id || f.transit_gateway_attachment_id),
    };
  };

  test("a created bucket: transit gateway flow logs write under transit-gateway/, and the bucket policy lets delivery write there too", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "s3", hiveCompatiblePartitions: true }];
        tgw(e);
      }, NO_MONITORING),
    );
    const bucketArn = refTo(json, "aws_s3_bucket", "/s3/bucket", "arn");
    const { vpc, tgw: tgwLogs } = byTarget(json);
    expect(vpc.map((f) => f.log_destination)).toEqual([bucketArn]);
    expect(tgwLogs.map((f) => f.log_destination)).toEqual([`${bucketArn}/transit-gateway`, `${bucketArn}/transit-gateway`]);
    const write = statement(policy(resource(json, "aws_s3_bucket_policy").policy), "AWSLogDeliveryWrite");
    expect(write.Resource).toEqual([
      "arn:aws:s3:::test-111111111111-ap-northeast-1-vpc-flow-logs/AWSLogs/aws-account-id=111111111111/*",
      "arn:aws:s3:::test-111111111111-ap-northeast-1-vpc-flow-logs/transit-gateway/AWSLogs/aws-account-id=111111111111/*",
    ]);
  });

  test("without transit gateways the bucket policy grants the VPC's prefix only", () => {
    const { json } = synthEnvironment(environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3" }]), NO_MONITORING));
    const write = statement(policy(resource(json, "aws_s3_bucket_policy").policy), "AWSLogDeliveryWrite");
    expect(write.Resource).toBe("arn:aws:s3:::test-111111111111-ap-northeast-1-vpc-flow-logs/AWSLogs/111111111111/*");
  });

  test("an existing bucket with a folder: transit gateway records in a folder under it", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "s3", existingBucketArn: "arn:aws:s3:::central-logs/vpc" }];
        tgw(e);
      }, NO_MONITORING),
    );
    const { vpc, tgw: tgwLogs } = byTarget(json);
    expect(vpc.map((f) => f.log_destination)).toEqual(["arn:aws:s3:::central-logs/vpc"]);
    expect(new Set(tgwLogs.map((f) => f.log_destination))).toEqual(new Set(["arn:aws:s3:::central-logs/vpc/transit-gateway"]));
  });

  test("Firehose: a stream of their own when given; one shared stream is a synth warning", () => {
    const vpcStream = "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/vpc";
    const tgwStream = "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/tgw";
    const apart = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [
          { type: "kinesis-data-firehose", deliveryStreamArn: vpcStream, transitGatewayDeliveryStreamArn: tgwStream },
        ];
        tgw(e);
      }, NO_MONITORING),
    );
    const { vpc, tgw: tgwLogs } = byTarget(apart.json);
    expect(vpc.map((f) => f.log_destination)).toEqual([vpcStream]);
    expect(tgwLogs.map((f) => f.log_destination)).toEqual([tgwStream, tgwStream]);
    const warnings = warningsUnder;
    expect(warnings(apart.stack).join("\n")).not.toContain("transit gateway records go to");

    const shared = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "kinesis-data-firehose", deliveryStreamArn: vpcStream }];
        tgw(e);
      }, NO_MONITORING),
    );
    expect(warnings(shared.stack).join("\n")).toContain(
      `environment "test": transit gateway records go to ${vpcStream} with the VPC's records, in another format`,
    );
  });
});

describe("targets", () => {
  test("subnets and interfaces get one flow log per destination, with the format", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.subnetIds = ["subnet-0123456789abcdef0"];
        e.flowLogs.networkInterfaceIds = ["eni-0123456789abcdef0"];
        e.flowLogs.logFormat = ["srcaddr", "dstaddr", "action"];
        e.flowLogs.destinations.push({ type: "s3", encryption: "sse-s3" });
      }),
    );
    const logs = resources(json, "aws_flow_log").map(([, f]) => f);
    expect(logs).toHaveLength(6);
    expect(logs.filter((f) => f.subnet_id === "subnet-0123456789abcdef0")).toHaveLength(2);
    expect(logs.filter((f) => f.eni_id === "eni-0123456789abcdef0")).toHaveLength(2);
    for (const f of logs) expect(f.log_format).toBe("$${srcaddr} $${dstaddr} $${action}");
  });

  test("transit gateways: no traffic type, no custom format, a log group of their own", () => {
    const { json, stack } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
        e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0"];
        e.flowLogs.logFormat = ["srcaddr", "dstaddr", "action"];
      }),
    );
    const tgwGroup = refTo(json, "aws_cloudwatch_log_group", "/cloudwatch/log-group-1", "arn");
    for (const key of ["transit_gateway_id", "transit_gateway_attachment_id"]) {
      const fl = resources(json, "aws_flow_log")
        .map(([, f]) => f)
        .find((f) => f[key]);
      expect(fl.traffic_type).toBeUndefined();
      expect(fl.log_format).toBeUndefined();
      expect(fl.max_aggregation_interval).toBe(60);
      expect(fl.log_destination).toBe(tgwGroup);
    }
    expect(resource(json, "aws_cloudwatch_log_group", "/cloudwatch/log-group-1").name).toBe(
      "/network-monitoring/test/vpc-flow-logs/transit-gateway",
    );
    expect(policy(resource(json, "aws_iam_role_policy").policy).Statement[0].Resource).toEqual([
      GROUP_ARN,
      `${GROUP_ARN}:*`,
      `${GROUP_ARN}/transit-gateway`,
      `${GROUP_ARN}/transit-gateway:*`,
    ]);
    expect(stack.flowLogs.monitoredLogGroup?.name).toBe("/network-monitoring/test/vpc-flow-logs");
  });

  test("more than 2 flow logs on one target fails at synth, across constructs", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "t");
    const props = {
      location: { partition: "aws", region: "ap-northeast-1", accountId: "111111111111" },
      environmentName: "t",
      vpcId: "vpc-0123456789abcdef0",
      trafficType: "ALL" as const,
      maxAggregationInterval: 600 as const,
      destinations: [
        { type: "kinesis-data-firehose" as const, deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/a" },
      ],
    };
    new FlowLogs(stack, "a", props);
    new FlowLogs(stack, "b", props);
    expect(() => new FlowLogs(stack, "c", props)).toThrow(
      'environment "t": flow logs on target vpc-0123456789abcdef0 = 3: AWS allows at most 2 flow logs per VPC, subnet or network interface',
    );
  });
});

describe("staging's custom format", () => {
  test("to CloudWatch Logs and S3 Parquet, the same escaped format on both", () => {
    const { json, stack } = synthEnvironment(withOwnArchive(staging));
    const logs = resources(json, "aws_flow_log").map(([, f]) => f);
    expect(logs.map((f) => f.log_destination_type).sort()).toEqual(["cloud-watch-logs", "s3"]);
    const expected = staging.flowLogs.logFormat!.map((f) => `$\${${f}}`).join(" ");
    for (const f of logs) expect(f.log_format).toBe(expected);
    expect(stack.flowLogs.format.recordVersion).toBe(5);
    for (const f of [
      "vpc-id",
      "subnet-id",
      "instance-id",
      "tcp-flags",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "flow-direction",
      "traffic-path",
    ] as const) {
      expect(stack.flowLogs.fields).toContain(f);
    }
    expect(resource(json, "aws_flow_log", "/vpc-to-s3").destination_options.file_format).toBe("parquet");
  });
});

describe("resources handed in by reference: a bucket, a key, a stream created elsewhere in the app", () => {
  const base: VpcFlowLogMonitoringConfig = {
    name: "team-r",
    accountId: "777777777777",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60718",
    flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations: [] },
  };
  /** The stack's own bucket and key, and flow logs that take them by reference. */
  const synthWith = (destinations: (refs: { bucket: S3Bucket; key: KmsKey }) => VpcFlowLogMonitoringConfig["flowLogs"]["destinations"]) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "platform");
    const bucket = new S3Bucket(stack, "team-archive", { bucket: "team-r-flow-log-archive" });
    const key = new KmsKey(stack, "team-key", { enableKeyRotation: true });
    const flowLogs = { ...base.flowLogs, destinations: destinations({ bucket, key }) };
    new VpcFlowLogMonitoring(stack, "flow-logs", {
      ...base,
      flowLogs,
      ...(flowLogs.destinations.some((d) => d.type === "cloud-watch-logs") ? { monitoring: { alarmEmails: ["r@example.com"] } } : {}),
    });
    return JSON.parse(Testing.synth(stack)) as TfJson;
  };

  test("the flow log's log_destination is the bucket's reference (Terraform orders the two by it); nothing else is created for it", () => {
    const json = synthWith(({ bucket }) => [{ type: "s3", existingBucketArn: bucket.arn }]);
    const [[bucketId]] = resources(json, "aws_s3_bucket");
    expect(resource(json, "aws_flow_log").log_destination).toBe(`\${aws_s3_bucket.${bucketId}.arn}`);
    expect(resources(json, "aws_s3_bucket")).toHaveLength(1);
    expect(resources(json, "aws_s3_bucket_policy")).toEqual([]);
  });

  test("a log group's key by reference reaches the log group as it is", () => {
    const json = synthWith(({ key }) => [{ type: "cloud-watch-logs", retentionInDays: 90, customerManagedKey: key.arn }]);
    const [[keyId]] = resources(json, "aws_kms_key").filter(([id]) => id.startsWith("team-key"));
    expect(resource(json, "aws_cloudwatch_log_group").kms_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
  });

  test("a delivery stream by reference (here a variable): passed through, the checks that read a literal ARN left to AWS", () => {
    const json = synthWith(({ bucket }) => [
      { type: "kinesis-data-firehose", deliveryStreamArn: new TerraformVariable(bucket, "stream_arn", { type: "string" }).stringValue },
    ]);
    expect(resource(json, "aws_flow_log").log_destination).toMatch(/^\$\{var\.[\w-]*stream_arn[\w-]*\}$/);
  });

  test("a literal is still checked; Athena over a referenced bucket is refused at synth, saying why", () => {
    expect(() => synthWith(() => [{ type: "s3", existingBucketArn: "arn:aws:s3:::Team-Archive" }])).toThrow(/not a valid S3 bucket name/);
    expect(() => synthWith(({ bucket }) => [{ type: "s3", existingBucketArn: bucket.arn, athena: true }])).toThrow(
      /flowLogs\.destinations\[0\]\.athena = true: Athena's table is written at synth over the archive's bucket and prefix, which a reference does not tell/,
    );
  });
});

describe("what each destination created, as handles", () => {
  test("createdFor gives an S3 destination's bucket and key and a log group destination's group; nothing for an existing bucket", () => {
    const { stack } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [
          { type: "cloud-watch-logs", retentionInDays: 30 },
          { type: "s3", bucketName: "team-archive-handles" },
        ];
      }),
    );
    const [cw, s3] = stack.environment.flowLogs.destinations;
    if (cw.type !== "cloud-watch-logs" || s3.type !== "s3") throw new Error("unexpected destinations");
    expect(stack.flowLogs.createdFor(s3)).toBe(stack.flowLogs.destinations[1].created);
    expect(stack.flowLogs.createdFor(s3)?.bucket.bucketArn).toBe("arn:aws:s3:::team-archive-handles");
    expect(stack.flowLogs.createdFor(s3)?.key).toBeDefined();
    expect(stack.flowLogs.createdFor(cw)).toBe(stack.flowLogs.destinations[0].created);

    const existing = synthEnvironment(
      environmentWith({ flowLogs: { destinations: [{ type: "s3", existingBucketArn: "arn:aws:s3:::central-archive" }] } }, NO_MONITORING),
    ).stack;
    const [d] = existing.environment.flowLogs.destinations;
    if (d.type !== "s3") throw new Error("unexpected destination");
    expect(existing.flowLogs.createdFor(d)).toBeUndefined();
  });
});

describe("destination objects: factories, handles, and checks where they are bound", () => {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const flowLogsWith = (stack: TerraformStack, destinations: FlowLogsProps["destinations"], name = "team-x") =>
    new FlowLogs(stack, `flow-logs-${name}`, {
      location,
      environmentName: name,
      vpcId: "vpc-0a1b2c3d4e5f60718",
      trafficType: "ALL",
      maxAggregationInterval: 60,
      destinations,
    });

  test("a team's log group and role by reference, a bucket created for the records: monitoring and Athena take the handles", () => {
    const stack = new TerraformStack(Testing.app(), "objects");
    const { group, archive, flowLogs } = addDestinationObjects(stack);
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    const [[groupId]] = resources(json, "aws_cloudwatch_log_group");
    const [[roleId]] = resources(json, "aws_iam_role").filter(([id]) => id.startsWith("team-delivery-role"));
    const byType = (t: string) => resources(json, "aws_flow_log").find(([, f]) => f.log_destination_type === t)?.[1];
    // The handed-in group and role: the flow log names their references; nothing is created for them.
    expect(byType("cloud-watch-logs")).toMatchObject({
      log_destination: `\${aws_cloudwatch_log_group.${groupId}.arn}`,
      iam_role_arn: `\${aws_iam_role.${roleId}.arn}`,
    });
    expect(resources(json, "aws_cloudwatch_log_group")).toHaveLength(1);
    expect(resources(json, "aws_iam_role_policy")).toEqual([]);
    // The created bucket: the flow log names it, and the object's handle is that bucket and key.
    expect(archive.created?.bucket.bucketArn).toBe(`arn:aws:s3:::${LIBRARY_TEAM_BUCKET}`);
    expect(byType("s3").log_destination).toBe(refTo(json, "aws_s3_bucket", "/s3/bucket", "arn"));
    expect(flowLogs.destinations[1]).toBe(archive);
    // Monitoring reads the handed-in group by its name's reference (known at plan), Athena decrypts with the created key.
    expect(resource(json, "aws_cloudwatch_log_metric_filter", "/filter-rejected-flows").log_group_name).toBe(
      `\${aws_cloudwatch_log_group.${groupId}.name}`,
    );
    expect(group.name).toBeDefined();
    const analyst = policy(resource(json, "aws_iam_policy").policy);
    expect(JSON.stringify(analyst)).toContain(refTo(json, "aws_kms_key", "/s3/kms/key", "arn"));
    expect(resource(json, "aws_glue_catalog_table").storage_descriptor.location).toContain(`s3://${LIBRARY_TEAM_BUCKET}/`);
  });

  test("a log group ARN by reference without its name: the name is taken from the ARN in Terraform", () => {
    const stack = new TerraformStack(Testing.app(), "by-arn");
    const group = new CloudwatchLogGroup(stack, "g", { name: "/team/by-arn" });
    const d = CloudWatchLogsFlowLogDestination.toLogGroup({ logGroupArn: group.arn, deliveryRoleArn: "arn:aws:iam::555555555555:role/r" });
    flowLogsWith(stack, [d]);
    new TerraformOutput(stack, "monitored", { value: d.logGroup.name });
    const json = JSON.parse(Testing.synth(stack)) as TfJson & { output: Record<string, { value: string }> };
    const [[groupId]] = resources(json, "aws_cloudwatch_log_group");
    expect(json.output.monitored.value).toBe(`\${element(split(":", aws_cloudwatch_log_group.${groupId}.arn), 6)}`);
  });

  test("the config path accepts a log group ARN by reference too, and monitors the group it names", () => {
    const stack = new TerraformStack(Testing.app(), "config-ref");
    const group = new CloudwatchLogGroup(stack, "g", { name: "/team/config-ref" });
    new VpcFlowLogMonitoring(stack, "vpc", {
      name: "team-ref",
      accountId: "555555555555",
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      flowLogs: {
        trafficType: "ALL",
        maxAggregationInterval: 60,
        destinations: [
          { type: "cloud-watch-logs", existing: { logGroupArn: group.arn, deliveryRoleArn: "arn:aws:iam::555555555555:role/r" } },
        ],
      },
      monitoring: { alarmEmails: ["r@example.com"] },
    });
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    const [[groupId]] = resources(json, "aws_cloudwatch_log_group");
    expect(resource(json, "aws_flow_log").log_destination).toBe(`\${aws_cloudwatch_log_group.${groupId}.arn}`);
    expect(resource(json, "aws_cloudwatch_log_metric_filter", "/filter-rejected-flows").log_group_name).toBe(
      `\${element(split(":", aws_cloudwatch_log_group.${groupId}.arn), 6)}`,
    );
  });

  test("a factory's config is checked as an environment's destination, naming the environment and the destination's place", () => {
    const stack = () => new TerraformStack(Testing.app(), "bad");
    expect(() =>
      flowLogsWith(stack(), [
        S3FlowLogDestination.toNewBucket({ bucketName: "ok-bucket-1" }),
        S3FlowLogDestination.toNewBucket({ bucketName: "Bad_Bucket" }),
      ]),
    ).toThrow(/Invalid environment "team-x":\n {2}- flowLogs\.destinations\[1\]\.bucketName = "Bad_Bucket"/);
    expect(() =>
      flowLogsWith(stack(), [S3FlowLogDestination.toBucket("arn:aws:s3:::central-archive", { fileFormat: "csv" as "parquet" })], "team-y"),
    ).toThrow(/flowLogs\.destinations\[0\]\.fileFormat = "csv"/);
    expect(() => flowLogsWith(stack(), [CloudWatchLogsFlowLogDestination.toNewLogGroup({ retentionInDays: 0 as 1 })], "team-z")).toThrow(
      /flowLogs\.destinations\[0\]\.retentionInDays = 0: never-expiring log groups/,
    );
  });

  test("an object is bound once; its handles before binding say so", () => {
    const stack = new TerraformStack(Testing.app(), "twice");
    const d = S3FlowLogDestination.toNewBucket({ bucketName: "team-twice-archive" });
    expect(() => d.bucketArn).toThrow(/not bound yet: hand it to a FlowLogs construct first/);
    flowLogsWith(stack, [d], "team-a");
    expect(() => flowLogsWith(stack, [d], "team-b")).toThrow(/bound to .*flow-logs-team-a already; make another/);
    expect(d.config).toMatchObject({ bucketName: "team-twice-archive", fileFormat: "plain-text", encryption: "sse-kms" });
  });

  test("the config path and the factories synthesize the same flow logs and resources", () => {
    const fromConfig = new TerraformStack(Testing.app(), "same");
    flowLogsWith(fromConfig, [
      { type: "cloud-watch-logs", source: "created", logGroupName: "/same/group", retentionInDays: 90, customerManagedKey: true },
    ]);
    const fromObjects = new TerraformStack(Testing.app(), "same");
    flowLogsWith(fromObjects, [
      CloudWatchLogsFlowLogDestination.toNewLogGroup({ logGroupName: "/same/group", retentionInDays: 90, customerManagedKey: true }),
    ]);
    expect(Testing.synth(fromObjects)).toBe(Testing.synth(fromConfig));
  });
});

describe("the app's own bucket and key as objects: delivery granted in their policies, the flow logs wait for them", () => {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const BUCKET = "team-o-flow-log-archive";
  /** A stack with the team's key and SSE-KMS bucket (or an SSE-S3 one), as the platform-team example makes them. */
  const teamArchive = (encryption: "sse-kms" | "sse-s3" = "sse-kms") => {
    const stack = new TerraformStack(Testing.app(), "team-o");
    const key = new ManagedKey(stack, "archive-key", { location, alias: "team-o/archive", description: "team archive" });
    const bucket = new SecureBucket(stack, "archive", {
      location,
      bucketName: BUCKET,
      encryption: encryption === "sse-kms" ? { kind: "sse-kms", kmsKeyArn: key.key.arn } : { kind: "sse-s3" },
      noncurrentVersionExpirationDays: 30,
    });
    return { stack, key, bucket };
  };
  const flowLogs = (stack: TerraformStack, id: string, destinations: FlowLogsProps["destinations"], more: Partial<FlowLogsProps> = {}) =>
    new FlowLogs(stack, id, {
      location,
      environmentName: "team-o",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      trafficType: "ALL",
      maxAggregationInterval: 60,
      destinations,
      ...more,
    });
  const bucketPolicy = (json: TfJson) => policy(resource(json, "aws_s3_bucket_policy").policy);
  /** The Terraform address of the one resource of a type. */
  const address = (json: TfJson, type: string) => {
    const [[id], ...more] = resources(json, type);
    if (more.length > 0) throw new Error(`more than one ${type}`);
    return `${type}.${id}`;
  };

  test("the bucket policy gains this account's delivery statements, the key policy its statement, and the flow log waits for both", () => {
    const { stack, key, bucket } = teamArchive();
    flowLogs(stack, "flow-logs", [S3FlowLogDestination.toBucket(bucket, { key, fileFormat: "parquet" })]);
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    // The whole statements, as a bucket made for flow logs has them: a dropped condition fails here.
    expect(bucketPolicy(json).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      ...logDeliveryBucketStatements(location, `arn:aws:s3:::${BUCKET}`),
    ]);
    expect(policy(resource(json, "aws_kms_key").policy).Statement.map((s) => s.Sid)).toEqual([
      keyAdministrationStatement(location).Sid,
      logDeliveryKeyStatement(location).Sid,
    ]);
    expect(statement(policy(resource(json, "aws_kms_key").policy), logDeliveryKeyStatement(location).Sid)).toEqual(
      logDeliveryKeyStatement(location),
    );
    const flowLog = resource(json, "aws_flow_log");
    expect(flowLog.log_destination).toBe(refTo(json, "aws_s3_bucket", "/archive/bucket", "arn"));
    expect(flowLog.destination_options.file_format).toBe("parquet");
    expect(flowLog.depends_on).toEqual([address(json, "aws_s3_bucket_policy"), address(json, "aws_kms_key")]);
  });

  test("an SSE-S3 bucket needs no key; a KMS-encrypted one without its key is refused, saying what to hand in", () => {
    const plain = teamArchive("sse-s3");
    flowLogs(plain.stack, "flow-logs", [S3FlowLogDestination.toBucket(plain.bucket)]);
    const json = JSON.parse(Testing.synth(plain.stack)) as TfJson;
    expect(resource(json, "aws_flow_log").depends_on).toEqual([address(json, "aws_s3_bucket_policy")]);
    expect(policy(resource(json, "aws_kms_key").policy).Statement).toHaveLength(1);

    const locked = teamArchive("sse-kms");
    expect(() => flowLogs(locked.stack, "flow-logs", [S3FlowLogDestination.toBucket(locked.bucket)])).toThrow(
      /^Invalid environment "team-o":\n {2}- flowLogs\.destinations\[0\] = the bucket team-o\/archive: it is encrypted with a KMS key, .*hand the key too \(S3FlowLogDestination\.toBucket\(bucket, \{ key \}\)\)/,
    );
  });

  test("one bucket for two flow logs (a VPC's, and transit gateways' with Hive partitions): one statement per Sid, every prefix granted", () => {
    const { stack, key, bucket } = teamArchive();
    flowLogs(stack, "vpc", [S3FlowLogDestination.toBucket(bucket, { key })]);
    flowLogs(stack, "tgw", [S3FlowLogDestination.toBucket(bucket, { key, hiveCompatiblePartitions: true })], {
      vpcId: undefined,
      transitGatewayIds: ["tgw-0a1b2c3d4e5f60718"],
    });
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    const doc = bucketPolicy(json);
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "AWSLogDeliveryWrite", "AWSLogDeliveryAclCheck"]);
    const arn = `arn:aws:s3:::${BUCKET}`;
    expect(statement(doc, "AWSLogDeliveryWrite").Resource).toEqual([
      `${arn}/AWSLogs/555555555555/*`,
      `${arn}/AWSLogs/aws-account-id=555555555555/*`,
      `${arn}/transit-gateway/AWSLogs/aws-account-id=555555555555/*`,
    ]);
    expect(statement(doc, "AWSLogDeliveryAclCheck").Resource).toBe(arn);
    expect(policy(resource(json, "aws_kms_key").policy).Statement).toHaveLength(2);
  });

  test("flow logs of another account on the same bucket object are refused: the policy cannot say both in one Sid", () => {
    const { stack, key, bucket } = teamArchive();
    flowLogs(stack, "here", [S3FlowLogDestination.toBucket(bucket, { key })]);
    expect(
      () =>
        new FlowLogs(stack, "there", {
          location: { ...location, accountId: "666666666666" },
          environmentName: "team-p",
          vpcId: "vpc-0a1b2c3d4e5f60718",
          trafficType: "ALL",
          maxAggregationInterval: 60,
          destinations: [S3FlowLogDestination.toBucket(bucket, { key })],
        }),
    ).toThrow(/^bucket team-o\/archive: its policy has a statement "AWSLogDeliveryWrite" already, and another of that Sid that differs/);
  });

  test("VpcFlowLogMonitoring takes destination objects beside its config; a CloudWatch Logs object is refused (monitoring reads the config's)", () => {
    const { stack, key, bucket } = teamArchive();
    const config: VpcFlowLogMonitoringConfig = {
      name: "team-o",
      accountId: "555555555555",
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations: [{ type: "cloud-watch-logs", retentionInDays: 90 }] },
      monitoring: { alarmEmails: ["o@example.com"] },
    };
    new VpcFlowLogMonitoring(stack, "vpc", config, { destinations: [S3FlowLogDestination.toBucket(bucket, { key })] });
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    expect(resources(json, "aws_flow_log").map(([id, f]) => [id.replace(/_[0-9A-F]{8}$/, ""), f.log_destination_type])).toEqual([
      ["vpc_flow-logs_vpc-to-cloudwatch", "cloud-watch-logs"],
      ["vpc_flow-logs_vpc-to-s3", "s3"],
    ]);
    expect(statement(bucketPolicy(json), "AWSLogDeliveryWrite")).toBeDefined();

    const other = new TerraformStack(Testing.app(), "team-q");
    expect(
      () =>
        new VpcFlowLogMonitoring(other, "vpc", config, {
          destinations: [CloudWatchLogsFlowLogDestination.toNewLogGroup({ logGroupName: "/team-q/second" })],
        }),
    ).toThrow(
      /^Invalid environment "team-o":\n {2}- destinations\[0\] = a cloud-watch-logs destination object: monitoring reads the config's/,
    );
  });
});

describe("the app's own log group and role as objects: the role granted delivery to that group only", () => {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const trust = (service: string) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
  const withObjects = (service = "vpc-flow-logs.amazonaws.com") => {
    const stack = new TerraformStack(Testing.app(), "team-g");
    const logGroup = new CloudwatchLogGroup(stack, "group", { name: "/team-g/flow-logs", retentionInDays: 90 });
    const role = new IamRole(stack, "role", { name: "team-g-delivery", assumeRolePolicy: trust(service) });
    const d = CloudWatchLogsFlowLogDestination.toLogGroup({ logGroup, role });
    new FlowLogs(stack, "flow-logs", {
      location,
      environmentName: "team-g",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      trafficType: "ALL",
      maxAggregationInterval: 60,
      destinations: [d],
    });
    return { stack, d };
  };

  test("an inline policy on the role for that group and its streams, the flow log waiting for it; the group monitored by its name", () => {
    const { stack, d } = withObjects();
    new TerraformOutput(stack, "monitored", { value: d.logGroup.name });
    const json = JSON.parse(Testing.synth(stack)) as TfJson & { output: Record<string, { value: string }> };
    const [[groupId]] = resources(json, "aws_cloudwatch_log_group");
    const [[roleId]] = resources(json, "aws_iam_role");
    const [[policyId, rolePolicy]] = resources(json, "aws_iam_role_policy");
    expect(rolePolicy.role).toBe(`\${aws_iam_role.${roleId}.id}`);
    const groupArn = `\${aws_cloudwatch_log_group.${groupId}.arn}`;
    expect(policy(rolePolicy.policy).Statement).toEqual([
      {
        Sid: "DeliverToThisLogGroupOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [groupArn, `${groupArn}:*`],
      },
    ]);
    expect(resource(json, "aws_flow_log")).toMatchObject({
      log_destination: groupArn,
      iam_role_arn: `\${aws_iam_role.${roleId}.arn}`,
      depends_on: [`aws_iam_role_policy.${policyId}`],
    });
    // Monitoring reads the group by its name's reference, known at plan.
    expect(json.output.monitored.value).toBe(`\${aws_cloudwatch_log_group.${groupId}.name}`);
  });

  test("a role whose trust policy does not let flow logs assume it is refused at synth", () => {
    expect(() => withObjects("lambda.amazonaws.com")).toThrow(
      /^Invalid environment "team-g":\n {2}- flowLogs\.destinations\[0\] = the role team-g\/role: its trust policy does not let vpc-flow-logs\.amazonaws\.com assume it/,
    );
  });
});

describe("a retired destination is an object of its own", () => {
  const location = { partition: "aws", region: "eu-west-1", accountId: "555555555555" };
  const retiredConfig = {
    type: "s3" as const,
    bucketName: "team-r-old-archive",
    fileFormat: "plain-text" as const,
    hiveCompatiblePartitions: false,
    perHourPartition: false,
    encryption: "sse-kms" as const,
    lifecycle: {
      transitionToInfrequentAccessDays: 30,
      transitionToGlacierDays: 90,
      glacierStorageClass: "GLACIER",
      expirationDays: 365,
    },
    retired: true,
  } as unknown as ResolvedS3Destination;

  test("it keeps its place and id, makes no flow log, and its bucket and key are forgotten, not destroyed", () => {
    const stack = new TerraformStack(Testing.app(), "retired-object");
    const old = RetiredS3FlowLogDestination.fromConfig(retiredConfig);
    const fresh = S3FlowLogDestination.toNewBucket({ bucketName: "team-r-new-archive" });
    const flowLogs = new FlowLogs(stack, "flow-logs", {
      location,
      environmentName: "team-r",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      subnetIds: ["subnet-0a1b2c3d4e5f60718"],
      trafficType: "ALL",
      maxAggregationInterval: 60,
      // Three entries and two live ones: AWS's limit counts only the live.
      destinations: [old, fresh, CloudWatchLogsFlowLogDestination.toNewLogGroup({ logGroupName: "/team-r/flow-logs" })],
    });
    const json = JSON.parse(Testing.synth(stack)) as TfJson & { removed: { from: string; lifecycle: { destroy: boolean } }[] };
    expect(flowLogs.retired).toEqual([old]);
    expect(flowLogs.destinations).toEqual([fresh, expect.any(CloudWatchLogsFlowLogDestination)]);
    expect(old.binding.id).toBe("s3");
    expect(old.binding.flowLogIds).toEqual(["vpc-to-s3", "subnet-0a1b2c3d4e5f60718-to-s3"]);
    // The live S3 destination comes second: its id and key alias are the second's, as when the first was live.
    expect(
      resources(json, "aws_flow_log")
        .map(([id]) => id.replace(/_[0-9A-F]{8}$/, "").replace(/^flow-logs_/, ""))
        .sort(),
    ).toEqual(["subnet-0a1b2c3d4e5f60718-to-cloudwatch", "subnet-0a1b2c3d4e5f60718-to-s3-2", "vpc-to-cloudwatch", "vpc-to-s3-2"]);
    expect(resources(json, "aws_kms_alias").map(([, a]) => a.name)).toContain("alias/network-monitoring/team-r/flow-log-bucket-2");
    expect(resources(json, "aws_s3_bucket").map(([, b]) => b.bucket)).toEqual(["team-r-new-archive"]);
    expect(json.removed.map((r) => r.from)).toEqual(old.binding.forgotten);
    expect(json.removed.map((r) => r.from)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_s3_bucket\.flow-logs_s3_bucket_/),
        expect.stringMatching(/^aws_kms_key\.flow-logs_s3_kms_key_/),
      ]),
    );
    expect(json.removed.every((r) => r.lifecycle.destroy === false)).toBe(true);
  });

  test("a retired config handed to FlowLogs becomes the same object; its binding before binding says so", () => {
    expect(() => RetiredS3FlowLogDestination.fromConfig(retiredConfig).binding).toThrow(/not bound yet/);
    const stack = new TerraformStack(Testing.app(), "retired-config");
    const flowLogs = new FlowLogs(stack, "flow-logs", {
      location,
      environmentName: "team-r",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      trafficType: "ALL",
      maxAggregationInterval: 60,
      destinations: [retiredConfig, S3FlowLogDestination.toNewBucket({ bucketName: "team-r-new-archive" })],
    });
    expect(flowLogs.retired).toHaveLength(1);
    expect(flowLogs.retired[0]).toBeInstanceOf(RetiredS3FlowLogDestination);
    expect(flowLogs.retired[0].config).toBe(retiredConfig);
  });
});
