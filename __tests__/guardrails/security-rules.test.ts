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
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
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

describe("each rule fails synth on a violation, naming the rule, the control and the resource path", () => {
  const cases: [string, boolean, (s: Construct) => void, string, string][] = [
    [
      "VPC without a flow log",
      false,
      (s) => {
        const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
        new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id });
      },
      SECURITY_RULES.vpcFlowLogs.id,
      "test/vpc",
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
      "test/vpc",
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
      "test/open-sg",
    ],
    [
      "log group without retention",
      false,
      (s) => new CloudwatchLogGroup(s, "forever", { name: "forever" }),
      SECURITY_RULES.logRetention.id,
      "test/forever",
    ],
    [
      "production log group kept 30 days",
      true,
      (s) => new CloudwatchLogGroup(s, "short", { name: "short", retentionInDays: 30 }),
      SECURITY_RULES.logRetention.id,
      "test/short",
    ],
    [
      "bucket without public-access block",
      false,
      (s) => new S3Bucket(s, "bare", { bucket: "bare-bucket-example" }),
      SECURITY_RULES.bucketPublicAccess.id,
      "test/bare",
    ],
    [
      "bucket policy without a TLS deny",
      false,
      (s) => {
        const b = new S3Bucket(s, "bare", { bucket: "bare-bucket-example" });
        new S3BucketPolicy(s, "policy", { bucket: b.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
      },
      SECURITY_RULES.bucketTls.id,
      "test/bare",
    ],
    [
      "bucket without default encryption",
      false,
      (s) => new S3Bucket(s, "bare", { bucket: "bare-bucket-example" }),
      SECURITY_RULES.bucketEncryption.id,
      "test/bare",
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
      "test/sse-s3/bucket",
    ],
    ["production key without rotation", true, (s) => new KmsKey(s, "key", { description: "k" }), SECURITY_RULES.keyRotation.id, "test/key"],
    [
      "production topic without encryption",
      true,
      (s) => new SnsTopic(s, "topic", { name: "t" }),
      SECURITY_RULES.topicEncryption.id,
      "test/topic",
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
      "test/policy",
    ],
    [
      "a metric put on Resource * without the namespace it is for",
      false,
      (s) => roleWithStatement(s, { Sid: "AnyNamespace", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }),
      SECURITY_RULES.iamWildcardWrite.id,
      "test/policy",
    ],
    [
      "service role without confused-deputy conditions",
      false,
      (s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(false) }),
      SECURITY_RULES.iamConfusedDeputy.id,
      "test/role",
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
      "test/workgroup",
    ],
    [
      "production alarm without actions",
      true,
      (s) =>
        new CloudwatchMetricAlarm(s, "alarm", {
          alarmName: "a",
          comparisonOperator: "GreaterThanThreshold",
          evaluationPeriods: 1,
          metricName: "m",
          namespace: "n",
          period: 60,
          statistic: "Sum",
          threshold: 1,
        }),
      SECURITY_RULES.alarmActions.id,
      "test/alarm",
    ],
  ];

  it.each(cases)("%s", (_name, production, build, ruleId, resourcePath) => {
    const { error } = check(production, build);
    expect(error).toBeDefined();
    expect(error).toContain(`[${resourcePath}] ${ruleId} (`);
    const rule = Object.values(SECURITY_RULES).find((r) => r.id === ruleId)!;
    expect(error).toContain(rule.control);
    expect(error).toContain(`Fix: ${rule.fix}`);
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

describe("outside production", () => {
  it("some rules only warn, as documented", () => {
    const { error, annotations } = check(false, (s) => {
      new KmsKey(s, "key", { description: "k" });
      new SnsTopic(s, "topic", { name: "t" });
    });
    expect(error).toBeUndefined();
    expect(annotations.filter((a) => a.level === "@cdktf/warn").map((a) => [a.constructPath, a.message.split(" ")[0]])).toEqual([
      ["test/key", SECURITY_RULES.keyRotation.id],
      ["test/topic", SECURITY_RULES.topicEncryption.id],
    ]);
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
    const variable = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
    const saved = process.env[variable];
    process.env[variable] = "1";
    try {
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
    } finally {
      if (saved === undefined) delete process.env[variable];
      else process.env[variable] = saved;
    }
  });

  it("needs a known rule and a written reason", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    expect(() => suppressSecurityRule(stack, "NM-NOPE", "because it is fine here")).toThrow(/unknown security rule "NM-NOPE"/);
    expect(() => suppressSecurityRule(stack, SECURITY_RULES.keyRotation.id, " ")).toThrow(/needs a written reason/);
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
  it("lists every rule with its control", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "operations.md"), "utf8");
    for (const r of Object.values(SECURITY_RULES))
      expect(readme).toMatch(new RegExp(`\\| \`${r.id}\` \\| [^|]*${r.control.split(",")[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });
});
