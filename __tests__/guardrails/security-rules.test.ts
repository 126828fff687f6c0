/** The security rule pack: every rule fails synth on a violation, with the resource path. */
import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { Aspects, Testing, TerraformStack } from "cdktf";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import {
  addEnvironmentStacks,
  NetworkMonitoringStack,
  SECURITY_RULES,
  SecurityRules,
  suppressSecurityRule,
  StateBootstrapStack,
} from "../../constructs";
import { SecureBucket } from "../../constructs/shared/secure-bucket";
import { APP_OPTIONS } from "../../environments";
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";

const location = { partition: "aws", region: "ap-northeast-1", accountId: "111111111111" };

/** A stack with the rule pack and whatever `build` adds; returns the synth error, or the annotations. */
function check(
  production: boolean,
  build: (s: Construct) => void,
): { error?: string; annotations: { constructPath: string; level: string; message: string }[] } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: location.region });
  Aspects.of(stack).add(new SecurityRules({ production }));
  build(stack);
  let outdir: string | undefined;
  try {
    outdir = Testing.fullSynth(stack);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    return { annotations: manifest.stacks.test.annotations };
  } catch (e) {
    return { error: (e as Error).message, annotations: [] };
  } finally {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A VPC that passes: flow log and closed default security group. */
function goodVpc(s: Construct): Vpc {
  const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
  new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id });
  const group = new CloudwatchLogGroup(s, "group", { name: "g", retentionInDays: 365 });
  new FlowLog(s, "flow-log", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestination: group.arn,
    iamRoleArn: "arn:aws:iam::111111111111:role/r",
  });
  return vpc;
}

const trust = (withConditions: boolean) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Trust",
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        ...(withConditions ? { Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } } : {}),
      },
    ],
  });

/** A role trusted with conditions, with one inline statement. */
function roleWithStatement(s: Construct, statement: Record<string, unknown>): void {
  const role = new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(true) });
  new IamRolePolicy(s, "policy", { role: role.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
}

/** An alarm's required settings. */
const ALARM = {
  alarmName: "a",
  comparisonOperator: "GreaterThanThreshold",
  evaluationPeriods: 1,
  metricName: "m",
  namespace: "n",
  period: 60,
  statistic: "Sum",
  threshold: 1,
};

/** Runs `body` with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set, as a user may set it, then puts it back. */
function withContinueOnErrors(body: () => void): void {
  const variable = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
  const saved = process.env[variable];
  process.env[variable] = "1";
  try {
    body();
  } finally {
    if (saved === undefined) delete process.env[variable];
    else process.env[variable] = saved;
  }
}

/** The findings of one rule in a stack's synth error, each line from the resource path on. */
function findingsOf(production: boolean, build: (s: Construct) => void, ruleId: string): string[] {
  const { error } = check(production, build);
  return (error ?? "")
    .split("\n")
    .filter((l) => l.includes(` ${ruleId} (`))
    .map((l) => l.replace(/\. Rule: .*$/, ""));
}

describe("each rule fails synth on a violation, naming the rule, the control and the resource path", () => {
  // Each case's findings, each whole line, as docs/operations.md shows them: the rule, its control, what was found, the rule's words and the fix.
  const cases: [string, boolean, (s: Construct) => void, string, string[]][] = [
    [
      "VPC without a flow log",
      false,
      (s) => {
        const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
        new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id });
      },
      SECURITY_RULES.vpcFlowLogs.id,
      [
        "[test/vpc] NM-VPC-FLOW-LOGS (Security Hub EC2.6): no aws_flow_log has this VPC as its vpc_id. Rule: every VPC has a flow log, or its traffic leaves no record. Fix: log the VPC with the FlowLogs construct.",
      ],
    ],
    [
      "VPC whose default security group is not managed",
      false,
      (s) => {
        const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
        const group = new CloudwatchLogGroup(s, "group", { name: "g", retentionInDays: 30 });
        new FlowLog(s, "fl", {
          vpcId: vpc.id,
          trafficType: "ALL",
          logDestination: group.arn,
          iamRoleArn: "arn:aws:iam::111111111111:role/r",
        });
      },
      SECURITY_RULES.defaultSecurityGroup.id,
      [
        "[test/vpc] NM-DEFAULT-SG-CLOSED (Security Hub EC2.2): the default security group is not managed, so it keeps AWS's default rules. Rule: a VPC's default security group allows no traffic, so nothing lands in it open by accident. Fix: manage the default security group (aws_default_security_group) with no ingress and no egress rules.",
      ],
    ],
    [
      "default security group with a rule",
      false,
      (s) => {
        const vpc = goodVpc(s);
        new DefaultSecurityGroup(s, "open-sg", {
          vpcId: vpc.id,
          ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }],
        });
      },
      SECURITY_RULES.defaultSecurityGroup.id,
      [
        "[test/open-sg] NM-DEFAULT-SG-CLOSED (Security Hub EC2.2): 1 ingress/egress rule(s) on the default security group. Rule: a VPC's default security group allows no traffic, so nothing lands in it open by accident. Fix: manage the default security group (aws_default_security_group) with no ingress and no egress rules.",
      ],
    ],
    [
      "log group without retention",
      false,
      (s) => new CloudwatchLogGroup(s, "forever", { name: "forever" }),
      SECURITY_RULES.logRetention.id,
      [
        "[test/forever] NM-LOG-RETENTION (Security Hub CloudWatch.16): no retention: events are kept forever. Rule: log groups keep events for a set time (at least 365 days in production), neither forever nor too briefly. Fix: set retentionInDays (365 or more in production).",
      ],
    ],
    [
      "production log group kept 30 days",
      true,
      (s) => new CloudwatchLogGroup(s, "short", { name: "short", retentionInDays: 30 }),
      SECURITY_RULES.logRetention.id,
      [
        "[test/short] NM-LOG-RETENTION (Security Hub CloudWatch.16): retention 30 days in production. Rule: log groups keep events for a set time (at least 365 days in production), neither forever nor too briefly. Fix: set retentionInDays (365 or more in production).",
      ],
    ],
    [
      "bucket without public-access block",
      false,
      (s) => new S3Bucket(s, "bare", { bucket: "bare-bucket-example" }),
      SECURITY_RULES.bucketPublicAccess.id,
      [
        "[test/bare] NM-S3-PUBLIC-ACCESS-BLOCK (Security Hub S3.8): no public-access block. Rule: buckets block all public access with all four settings. Fix: use the SecureBucket construct, or add aws_s3_bucket_public_access_block with all four settings true.",
      ],
    ],
    [
      "bucket policy without a TLS deny",
      false,
      (s) => {
        const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
        new S3BucketPolicy(s, "policy", { bucket: b.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
      },
      SECURITY_RULES.bucketTls.id,
      [
        "[test/bare] NM-S3-TLS-ONLY (Security Hub S3.5): no bucket policy denies requests without TLS. Rule: bucket policies deny every request not made over TLS. Fix: add a Deny statement on aws:SecureTransport = false to the bucket policy.",
      ],
    ],
    [
      "bucket without default encryption",
      false,
      (s) => new S3Bucket(s, "bare", { bucket: "bare-bucket-example" }),
      SECURITY_RULES.bucketEncryption.id,
      [
        "[test/bare] NM-S3-ENCRYPTION (Security Hub S3.17): no default encryption configuration. Rule: buckets have default encryption, with a customer-managed KMS key in production. Fix: set a server-side encryption configuration (aws:kms with a key in production).",
      ],
    ],
    [
      "production bucket with SSE-S3",
      true,
      (s) =>
        new SecureBucket(s, "sse-s3", {
          location,
          bucketName: "sse-s3-bucket-example",
          encryption: { kind: "sse-s3" },
          noncurrentVersionExpirationDays: 30,
        }),
      SECURITY_RULES.bucketEncryption.id,
      [
        "[test/sse-s3/bucket] NM-S3-ENCRYPTION (Security Hub S3.17): default encryption AES256 in production, not aws:kms. Rule: buckets have default encryption, with a customer-managed KMS key in production. Fix: set a server-side encryption configuration (aws:kms with a key in production).",
      ],
    ],
    [
      "production key without rotation",
      true,
      (s) => new KmsKey(s, "key", { description: "k" }),
      SECURITY_RULES.keyRotation.id,
      [
        "[test/key] NM-KMS-ROTATION (Security Hub KMS.4): enable_key_rotation is not true. Rule: customer-managed KMS keys rotate yearly. Fix: set enable_key_rotation = true (the ManagedKey construct does).",
      ],
    ],
    [
      "production topic without encryption",
      true,
      (s) => new SnsTopic(s, "topic", { name: "t" }),
      SECURITY_RULES.topicEncryption.id,
      [
        "[test/topic] NM-SNS-ENCRYPTION (Security Hub SNS.1): no kms_master_key_id. Rule: SNS topics are encrypted at rest. Fix: set kms_master_key_id to a customer-managed key that CloudWatch may use.",
      ],
    ],
    [
      "write action on Resource *",
      false,
      (s) =>
        roleWithStatement(s, {
          Sid: "Everything",
          Effect: "Allow",
          Action: ["logs:PutLogEvents", "logs:DescribeLogGroups"],
          Resource: "*",
        }),
      SECURITY_RULES.iamWildcardWrite.id,
      [
        '[test/policy] NM-IAM-NO-WILDCARD-WRITE (least privilege): statement Everything allows logs:PutLogEvents on "*". Rule: identity policies allow no write action on Resource "*". Fix: name the resources the actions apply to.',
      ],
    ],
    [
      "a metric put on Resource * without the namespace it is for",
      false,
      (s) => roleWithStatement(s, { Sid: "AnyNamespace", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }),
      SECURITY_RULES.iamWildcardWrite.id,
      [
        '[test/policy] NM-IAM-NO-WILDCARD-WRITE (least privilege): statement AnyNamespace allows cloudwatch:PutMetricData on "*". Rule: identity policies allow no write action on Resource "*". Fix: name the resources the actions apply to.',
      ],
    ],
    [
      "service role without confused-deputy conditions",
      false,
      (s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(false) }),
      SECURITY_RULES.iamConfusedDeputy.id,
      [
        "[test/role] NM-IAM-CONFUSED-DEPUTY (confused-deputy prevention): trust statement Trust for vpc-flow-logs.amazonaws.com has no aws:SourceAccount / aws:SourceArn condition. Rule: roles trusted by AWS services carry aws:SourceAccount or aws:SourceArn conditions. Fix: add aws:SourceAccount = <account> and aws:SourceArn = <the service's resources> to the trust statement.",
      ],
    ],
    [
      "Athena workgroup whose queries may choose where and how results go",
      false,
      (s) =>
        new AthenaWorkgroup(s, "workgroup", {
          name: "wg",
          configuration: { enforceWorkgroupConfiguration: false, resultConfiguration: { outputLocation: "s3://results/" } },
        }),
      SECURITY_RULES.athenaWorkgroup.id,
      [
        "[test/workgroup] NM-ATHENA-WORKGROUP (encryption of query results, enforced workgroup settings): enforce_workgroup_configuration is false. Rule: Athena workgroups enforce their configuration, so that no query can write its results elsewhere or unencrypted. Fix: set configuration.enforce_workgroup_configuration = true and result_configuration.encryption_configuration (SSE_KMS or CSE_KMS).",
        "[test/workgroup] NM-ATHENA-WORKGROUP (encryption of query results, enforced workgroup settings): query results are not encrypted. Rule: Athena workgroups enforce their configuration, so that no query can write its results elsewhere or unencrypted. Fix: set configuration.enforce_workgroup_configuration = true and result_configuration.encryption_configuration (SSE_KMS or CSE_KMS).",
      ],
    ],
    [
      "production alarm without actions",
      true,
      (s) => new CloudwatchMetricAlarm(s, "alarm", ALARM),
      SECURITY_RULES.alarmActions.id,
      [
        "[test/alarm] NM-ALARM-ACTIONS (Security Hub CloudWatch.15, CloudWatch.17): no alarm_actions. Rule: alarms notify someone: they have alarm actions and actions are enabled. Fix: set alarm_actions (an SNS topic) and leave actions_enabled true.",
      ],
    ],
  ];

  it.each(cases)("%s", (_name, production, build, ruleId, findings) => {
    const { error } = check(production, build);
    expect(error).toBeDefined();
    expect(error!.split("\n").filter((l) => l.includes(ruleId))).toEqual(findings);
  });

  /** A locked bucket (Object Lock, by `SecureBucket`) and an object Terraform writes, in it by name or by reference, or elsewhere. */
  const lockedWithObject = (s: Construct, where: "by name" | "by reference" | "elsewhere", forceDestroy = false) => {
    const locked = new SecureBucket(s, "archive", {
      location,
      bucketName: "locked-archive-example",
      encryption: { kind: "sse-s3" },
      noncurrentVersionExpirationDays: 400,
      objectLock: { mode: "GOVERNANCE", days: 365 },
    });
    new S3Object(s, "table", {
      bucket: where === "by name" ? "locked-archive-example" : where === "by reference" ? locked.bucket.bucket : "another-bucket-example",
      key: "member-networks/networks.csv",
      content: "a,b\n",
      ...(forceDestroy ? { forceDestroy: true } : {}),
    });
  };

  it.each(["by name", "by reference"] as const)("refuses an object Terraform manages in a bucket with Object Lock (%s)", (where) => {
    const { error } = check(false, (s) => lockedWithObject(s, where));
    expect(error).toContain(
      `[test/table] ${SECURITY_RULES.lockedBucketObjects.id} (write-once retention (S3 Object Lock) kept whole): object member-networks/networks.csv is in bucket locked-archive-example, which has Object Lock.`,
    );
  });

  it("refuses force_destroy on an object, and lets an object in an unlocked bucket be", () => {
    expect(check(false, (s) => lockedWithObject(s, "elsewhere", true)).error).toContain(
      `[test/table] ${SECURITY_RULES.lockedBucketObjects.id} (write-once retention (S3 Object Lock) kept whole): object member-networks/networks.csv has force_destroy`,
    );
    expect(check(false, (s) => lockedWithObject(s, "elsewhere")).error ?? "").not.toContain(SECURITY_RULES.lockedBucketObjects.id);
  });

  /** The rule pack's error on a role whose one policy statement allows `actions` on "*". */
  const onEverything = (sid: string, actions: string[]) =>
    check(false, (s) => {
      const role = new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(true) });
      new IamRolePolicy(s, "policy", {
        role: role.id,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: actions, Resource: "*" }] }),
      });
    }).error;

  it("counts only write actions on Resource *", () => {
    expect(onEverything("Mixed", ["logs:PutLogEvents", "logs:DescribeLogGroups"])).toContain(
      'statement Mixed allows logs:PutLogEvents on "*"',
    );
    expect(onEverything("Read", ["logs:DescribeLogGroups"])).toBeUndefined();
  });

  it("accepts on * only the writes IAM cannot scope (log delivery setup), not their neighbours", () => {
    expect(
      onEverything("Delivery", ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:GetLogDelivery", "logs:ListLogDeliveries"]),
    ).toBeUndefined();
    expect(onEverything("Delivery", ["logs:CreateLogDelivery", "logs:PutDeliveryDestination"])).toContain(
      'statement Delivery allows logs:PutDeliveryDestination on "*"',
    );
  });

  it("passes a compliant VPC", () => {
    expect(check(true, goodVpc).error).toBeUndefined();
  });
});

describe("each rule's edges", () => {
  const workgroup =
    (option?: string, enforce = true) =>
    (s: Construct) =>
      new AthenaWorkgroup(s, "workgroup", {
        name: "wg",
        configuration: {
          enforceWorkgroupConfiguration: enforce,
          resultConfiguration: {
            outputLocation: "s3://results/",
            ...(option
              ? {
                  encryptionConfiguration: {
                    encryptionOption: option,
                    ...(option.endsWith("KMS") ? { kmsKeyArn: "arn:aws:kms:ap-northeast-1:111111111111:key/k" } : {}),
                  },
                }
              : {}),
          },
        },
      });

  it("Athena: results encrypted with a KMS key pass (SSE or CSE); another option, or none, is named", () => {
    const id = SECURITY_RULES.athenaWorkgroup.id;
    expect(findingsOf(false, workgroup("SSE_KMS"), id)).toEqual([]);
    expect(findingsOf(false, workgroup("CSE_KMS"), id)).toEqual([]);
    expect(findingsOf(false, workgroup("SSE_S3"), id)).toEqual([
      `[test/workgroup] ${id} (encryption of query results, enforced workgroup settings): query results are encrypted with SSE_S3, not a KMS key`,
    ]);
    expect(findingsOf(false, workgroup(), id)).toEqual([
      `[test/workgroup] ${id} (encryption of query results, enforced workgroup settings): query results are not encrypted`,
    ]);
    expect(findingsOf(false, (s) => new AthenaWorkgroup(s, "workgroup", { name: "wg" }), id)).toEqual([
      `[test/workgroup] ${id} (encryption of query results, enforced workgroup settings): query results are not encrypted`,
    ]);
  });

  it("public-access block: three of four settings is a finding", () => {
    const id = SECURITY_RULES.bucketPublicAccess.id;
    const build = (all: boolean) => (s: Construct) => {
      const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
      new S3BucketPublicAccessBlock(s, "block", {
        bucket: b.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: all,
      });
    };
    expect(findingsOf(false, build(false), id)).toEqual([
      `[test/bare] ${id} (Security Hub S3.8): not all four public-access blocks are true`,
    ]);
    expect(findingsOf(false, build(true), id)).toEqual([]);
  });

  it("TLS: only a Deny on aws:SecureTransport = false counts", () => {
    const id = SECURITY_RULES.bucketTls.id;
    const withStatement = (statement: Record<string, unknown>) => (s: Construct) => {
      const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
      new S3BucketPolicy(s, "policy", { bucket: b.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    };
    const tls = { Sid: "TLS", Principal: "*", Action: "s3:*", Resource: "*" };
    const missing = [`[test/bare] ${id} (Security Hub S3.5): no bucket policy denies requests without TLS`];
    expect(
      findingsOf(false, withStatement({ ...tls, Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }), id),
    ).toEqual([]);
    expect(
      findingsOf(false, withStatement({ ...tls, Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": "false" } } }), id),
    ).toEqual(missing);
    expect(
      findingsOf(false, withStatement({ ...tls, Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "true" } } }), id),
    ).toEqual(missing);
    expect(
      findingsOf(false, withStatement({ ...tls, Effect: "Deny", Condition: { StringEquals: { "aws:SecureTransport": "false" } } }), id),
    ).toEqual(missing);
    expect(findingsOf(false, withStatement({ ...tls, Effect: "Deny" }), id)).toEqual(missing);
  });

  it("default encryption: every rule's algorithm must be KMS in production (aws:kms:dsse too)", () => {
    const id = SECURITY_RULES.bucketEncryption.id;
    const encrypted =
      (...algorithms: string[]) =>
      (s: Construct) => {
        const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
        new S3BucketServerSideEncryptionConfigurationA(s, "sse", {
          bucket: b.id,
          rule: algorithms.map((sseAlgorithm) => ({ applyServerSideEncryptionByDefault: { sseAlgorithm } })),
        });
      };
    expect(findingsOf(true, encrypted("aws:kms:dsse"), id)).toEqual([]);
    expect(findingsOf(true, encrypted("aws:kms", "AES256"), id)).toEqual([
      `[test/bare] ${id} (Security Hub S3.17): default encryption aws:kms, AES256 in production, not aws:kms`,
    ]);
    expect(findingsOf(false, encrypted("AES256"), id)).toEqual([]);
    // A rule without a default algorithm is no default encryption.
    expect(
      findingsOf(
        false,
        (s) => {
          const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
          new S3BucketServerSideEncryptionConfigurationA(s, "sse", { bucket: b.id, rule: [{ bucketKeyEnabled: true }] });
        },
        id,
      ),
    ).toEqual([`[test/bare] ${id} (Security Hub S3.17): no default encryption configuration`]);
  });

  it("confused deputy: only service principals of Allow statements need the conditions, and only aws:SourceAccount or aws:SourceArn count", () => {
    const id = SECURITY_RULES.iamConfusedDeputy.id;
    const trusting = (statement: Record<string, unknown>) => (s: Construct) =>
      new IamRole(s, "role", { name: "r", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    const services = {
      Effect: "Allow",
      Principal: { Service: ["logs.amazonaws.com", "delivery.logs.amazonaws.com"] },
      Action: "sts:AssumeRole",
    };
    expect(findingsOf(false, trusting(services), id)).toEqual([
      `[test/role] ${id} (confused-deputy prevention): trust statement (no Sid) for logs.amazonaws.com, delivery.logs.amazonaws.com has no aws:SourceAccount / aws:SourceArn condition`,
    ]);
    expect(findingsOf(false, trusting({ ...services, Condition: { ArnLike: { "aws:SourceArn": "arn:aws:logs:*" } } }), id)).toEqual([]);
    expect(findingsOf(false, trusting({ ...services, Condition: { StringEquals: { "AWS:SourceAccount": "111111111111" } } }), id)).toEqual(
      [],
    );
    // Keys that only contain the name do not count.
    for (const key of ["aws:SourceAccountId", "xaws:SourceArn"])
      expect([key, findingsOf(false, trusting({ ...services, Sid: "S", Condition: { StringEquals: { [key]: "1" } } }), id).length]).toEqual(
        [key, 1],
      );
    expect(findingsOf(false, trusting({ ...services, Effect: "Deny" }), id)).toEqual([]);
    expect(
      findingsOf(false, trusting({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }), id),
    ).toEqual([]);
    expect(findingsOf(false, trusting({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), id)).toEqual([]);
  });

  it("wildcard writes: managed policies too; every write named; Deny statements and unscopable writes are not findings", () => {
    const id = SECURITY_RULES.iamWildcardWrite.id;
    const managed = (statement: Record<string, unknown>) => (s: Construct) =>
      new IamPolicy(s, "managed", { name: "m", policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    expect(findingsOf(false, managed({ Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject", "*"], Resource: "*" }), id)).toEqual([
      `[test/managed] ${id} (least privilege): statement (no Sid) allows s3:PutObject, s3:DeleteObject, * on "*"`,
    ]);
    expect(findingsOf(false, managed({ Effect: "Deny", Action: "s3:PutObject", Resource: "*" }), id)).toEqual([]);
    expect(findingsOf(false, managed({ Effect: "Allow", Action: "logs:UpdateLogDelivery", Resource: "*" }), id)).toEqual([]);
    expect(findingsOf(false, managed({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }), id)).toEqual([]);
    expect(
      findingsOf(
        false,
        managed({
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "N" } },
        }),
        id,
      ),
    ).toEqual([]);
  });

  it("Object Lock by the bucket's own setting, without a lock configuration, locks it too", () => {
    const id = SECURITY_RULES.lockedBucketObjects.id;
    expect(
      findingsOf(
        false,
        (s) => {
          new S3Bucket(s, "locked", { bucket: "locked-example", objectLockEnabled: true });
          new S3Object(s, "table", { bucket: "locked-example", key: "k.csv", content: "a" });
        },
        id,
      ),
    ).toEqual([
      `[test/table] ${id} (write-once retention (S3 Object Lock) kept whole): object k.csv is in bucket locked-example, which has Object Lock`,
    ]);
  });

  it("retention of 0 days is none", () => {
    const id = SECURITY_RULES.logRetention.id;
    expect(findingsOf(false, (s) => new CloudwatchLogGroup(s, "zero", { name: "zero", retentionInDays: 0 }), id)).toEqual([
      `[test/zero] ${id} (Security Hub CloudWatch.16): no retention: events are kept forever`,
    ]);
  });

  it("the findings the pack keeps: each rule, path, detail and suppression", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "kept");
    new AwsProvider(stack, "aws", { region: location.region });
    const rules = new SecurityRules({ production: false });
    Aspects.of(stack).add(rules);
    const key = new KmsKey(stack, "key", { description: "k" });
    suppressSecurityRule(key, SECURITY_RULES.keyRotation.id, "rotated by its owner's schedule");
    new SnsTopic(stack, "topic", { name: "t" });
    Testing.synth(stack);
    expect(rules.findings).toEqual([
      {
        rule: SECURITY_RULES.keyRotation,
        path: "kept/key",
        detail: "enable_key_rotation is not true",
        suppressedBecause: "rotated by its owner's schedule",
      },
      { rule: SECURITY_RULES.topicEncryption, path: "kept/topic", detail: "no kms_master_key_id", suppressedBecause: undefined },
    ]);
  });

  it("two findings that fail synth by the pack itself are counted as two", () => {
    withContinueOnErrors(() => {
      const { error } = check(true, (s) => {
        new KmsKey(s, "key", { description: "k" });
        new SnsTopic(s, "topic", { name: "t" });
      });
      expect(error!.split("\n").map((l) => l.replace(/\. Rule: .*$/, ""))).toEqual([
        "Security rules of stack test: 2 findings fail synth (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS does not accept them):",
        `ERROR [test/key]: ${SECURITY_RULES.keyRotation.id} (Security Hub KMS.4): enable_key_rotation is not true`,
        `ERROR [test/topic]: ${SECURITY_RULES.topicEncryption.id} (Security Hub SNS.1): no kms_master_key_id`,
        "Fix each, or accept one on its resource with suppressSecurityRule(resource, ruleId, reason).",
      ]);
    });
  });
});

describe("outside production", () => {
  it("some rules only warn, as documented", () => {
    const { error, annotations } = check(false, (s) => {
      new KmsKey(s, "key", { description: "k" });
      new SnsTopic(s, "topic", { name: "t" });
      new CloudwatchMetricAlarm(s, "alarm", {
        ...ALARM,
        alarmActions: ["arn:aws:sns:ap-northeast-1:111111111111:t"],
        actionsEnabled: false,
      });
    });
    expect(error).toBeUndefined();
    expect(annotations.filter((a) => a.level === "@cdktf/warn").map((a) => [a.constructPath, a.message.split(":")[0]])).toEqual([
      ["test/key", `${SECURITY_RULES.keyRotation.id} (Security Hub KMS.4)`],
      ["test/topic", `${SECURITY_RULES.topicEncryption.id} (Security Hub SNS.1)`],
      ["test/alarm", `${SECURITY_RULES.alarmActions.id} (Security Hub CloudWatch.15, CloudWatch.17)`],
    ]);
    expect(annotations.find((a) => a.constructPath === "test/alarm")!.message).toMatch(
      /^NM-ALARM-ACTIONS \([^)]*\): actions_enabled is false\. /,
    );
  });

  it("production-only thresholds do not apply", () => {
    expect(check(false, (s) => new CloudwatchLogGroup(s, "short", { name: "short", retentionInDays: 30 })).error).toBeUndefined();
  });
});

describe("suppression", () => {
  it("is per resource, with a reason that appears in the synth output", () => {
    const { error, annotations } = check(true, (s) => {
      const key = new KmsKey(s, "key", { description: "imported key rotated by its owner" });
      suppressSecurityRule(key, SECURITY_RULES.keyRotation.id, "rotated by the security account's own schedule");
      new KmsKey(s, "other-key", { description: "k" });
    });
    expect(error).toContain(`[test/other-key] ${SECURITY_RULES.keyRotation.id}`);
    expect(error).not.toContain("[test/key]");
    const ok = check(true, (s) => {
      const key = new KmsKey(s, "key", { description: "k" });
      suppressSecurityRule(key, SECURITY_RULES.keyRotation.id, "rotated by the security account's own schedule");
    });
    expect(ok.error).toBeUndefined();
    const info = ok.annotations.filter((a) => a.level === "@cdktf/info");
    expect(info).toHaveLength(1);
    expect(info[0].constructPath).toBe("test/key");
    expect(info[0].message).toMatch(
      new RegExp(`^SUPPRESSED ${SECURITY_RULES.keyRotation.id} .*Reason: rotated by the security account's own schedule$`),
    );
    expect(annotations).toEqual([]); // the failed run wrote no manifest
  });

  it("is the only way: CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, which silences cdktf's error annotations, does not pass a finding", () => {
    withContinueOnErrors(() => {
      const { error } = check(true, (s) => {
        const key = new KmsKey(s, "key", { description: "k" });
        suppressSecurityRule(key, SECURITY_RULES.keyRotation.id, "rotated by the security account's own schedule");
        new CloudwatchLogGroup(s, "short", { name: "short", retentionInDays: 30 });
      });
      // Set by the user (no cdktf CLI around): the message says the variable does not accept them.
      expect(error).toContain(
        "Security rules of stack test: 1 finding fails synth (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS does not accept them):",
      );
      expect(error).toContain(`\nERROR [test/short]: ${SECURITY_RULES.logRetention.id} (Security Hub CloudWatch.16): retention 30 days`);
      expect(error).not.toContain("[test/key]");
      // Under the cdktf CLI, which sets the variable itself, the user is not told about it.
      process.env.CDKTF_CONTEXT_JSON = "{}";
      try {
        const underCli = check(true, (s) => new CloudwatchLogGroup(s, "short", { name: "short", retentionInDays: 30 })).error!;
        expect(underCli.split("\n")[0]).toBe("Security rules of stack test: 1 finding fails synth:");
        expect(underCli).not.toContain("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS");
      } finally {
        delete process.env.CDKTF_CONTEXT_JSON;
      }
      // Suppressed, it passes as before.
      expect(
        check(true, (s) => {
          const key = new KmsKey(s, "key", { description: "k" });
          suppressSecurityRule(key, SECURITY_RULES.keyRotation.id, "rotated by the security account's own schedule");
        }).error,
      ).toBeUndefined();
    });
  });

  it("needs a known rule and a written reason", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    expect(() => suppressSecurityRule(stack, "NM-NOPE", "because it is fine here")).toThrow(/unknown security rule "NM-NOPE"/);
    expect(() => suppressSecurityRule(stack, SECURITY_RULES.keyRotation.id, " ")).toThrow(/needs a written reason/);
    expect(() => suppressSecurityRule(stack, SECURITY_RULES.keyRotation.id, "   too short    ")).toThrow(
      `suppressing ${SECURITY_RULES.keyRotation.id} on s needs a written reason (at least 10 characters)`,
    );
    expect(() => suppressSecurityRule(stack, SECURITY_RULES.keyRotation.id, undefined as unknown as string)).toThrow(
      /needs a written reason/,
    );
    expect(() => suppressSecurityRule(stack, SECURITY_RULES.keyRotation.id, "ten chars!")).not.toThrow();
    expect(() => suppressSecurityRule(stack, "NM-NOPE", "because it is fine here")).toThrow(
      `unknown security rule "NM-NOPE"; rules are ${Object.values(SECURITY_RULES)
        .map((r) => r.id)
        .join(", ")}`,
    );
  });
});

describe("the example environments", () => {
  it("synthesize with no finding, except the one suppression on the state bucket, with its reason", () => {
    const app = Testing.app();
    const { bootstrap, stacks } = addEnvironmentStacks(app, environments, APP_OPTIONS);
    const outdir = app.outdir;
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const all = Object.values(manifest.stacks).flatMap((s: any) => s.annotations) as {
      level: string;
      message: string;
      constructPath: string;
    }[];
    expect(all.filter((a) => a.level === "@cdktf/error")).toEqual([]);
    const suppressed = all.filter((a) => a.message.startsWith("SUPPRESSED"));
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].constructPath).toBe("state-bootstrap/example-network-monitoring-tfstate/bucket");
    expect(suppressed[0].message).toContain("Reason: state is read and written from each environment's own account");
    expect(bootstrap).toBeInstanceOf(StateBootstrapStack);
    for (const s of stacks) {
      expect(s).toBeInstanceOf(NetworkMonitoringStack);
      expect(s.securityRules.findings).toEqual([]);
    }
  });
});

describe("the operations page", () => {
  it("lists every rule with its control and what it is outside production", () => {
    const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "operations.md"), "utf8");
    const rows = [...page.matchAll(/^\| `(NM-[A-Z0-9-]+)` \| ([^|]+) \| [^|]+ \| (error|warning)\b[^|]* \|$/gm)].map((m) => [
      m[1],
      m[2].trim(),
      m[3],
    ]);
    const byId = (a: string[], b: string[]) => (a[0] < b[0] ? -1 : 1);
    expect(
      Object.values(SECURITY_RULES)
        .map((r) => [r.id, r.control, r.outsideProduction])
        .sort(byId),
    ).toEqual(rows.sort(byId));
  });
});
