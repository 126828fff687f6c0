/**
 * The organisation's archive: the `log-archive` stack (central bucket, key, one Athena table
 * over every member account and region), its members' flow logs, and the same at organisation
 * scale (500 accounts in 17 regions, synthesized, no AWS).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { Testing, TerraformStack } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { EnvironmentConfig, LogArchiveConfig } from "../../constructs";
import { ORGANIZATION_PARTITION_CAP } from "../../constructs/athena/layout";
import { NAMED_QUERIES } from "../../constructs/athena/named-queries";
import { ConfigError } from "../../constructs/config/validation/checker";
import { validateEnvironments } from "../../constructs/config/validation/environment";
import { validateLogArchive } from "../../constructs/config/validation/log-archive";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { LogArchiveStack } from "../../constructs/stacks/log-archive-stack";
import { OrganizationArchiveBucket } from "../../constructs/flow-logs/destinations/organization-archive";
import { environmentFrom, environmentWith, NO_MONITORING } from "../support/environment";
import { awsFileName, awsKeyPrefix, deliveryDecision, expandTemplate } from "../support/aws-archive-layout";
import { readZip } from "../support/zip-reader";
import {
  errorsUnder,
  idMatches,
  policy,
  problemsOf,
  refTo,
  resource,
  resources,
  statement,
  type TfJson,
  warningsUnder,
} from "../support/helpers";
import { candidatePartitions } from "../support/projection";
import { generatedMembers } from "../../tools/bench/generated-environments";

const ARCHIVE: LogArchiveConfig = {
  accountId: "999999999999",
  region: "ap-northeast-1",
  deliveryWatch: { alarmEmails: ["platform@example.com"] },
  state: { bucket: "test-network-monitoring-tfstate", region: "ap-northeast-1" },
};
const BUCKET = "org-flow-logs-999999999999-ap-northeast-1";

/** A member environment in `accountId` and `region`, writing to CloudWatch Logs and the archive (or the archive only). */
function member(name: string, accountId: string, region: string, options: { cloudWatch?: boolean; cidr?: string } = {}): EnvironmentConfig {
  return environmentWith(
    (e) => {
      e.name = name;
      e.accountId = accountId;
      e.region = region;
      e.network.availabilityZones = [`${region}a`, `${region}c`];
      if (options.cidr) e.network.cidr = options.cidr;
      e.flowLogs.destinations = [
        ...(options.cloudWatch === false ? [] : [{ type: "cloud-watch-logs", retentionInDays: 30 }]),
        { type: "organization-archive" },
      ];
    },
    options.cloudWatch === false ? NO_MONITORING : {},
  );
}

function synthOrganization(environments: EnvironmentConfig[], archive: LogArchiveConfig = ARCHIVE) {
  const app = Testing.app();
  const made = addEnvironmentStacks(app, environments, { logArchive: archive });
  const json = (s: { node: { id: string } }) => JSON.parse(Testing.synth(s as never)) as TfJson;
  return { made, archive: json(made.archive!), members: made.stacks.map(json), bootstrap: json(made.bootstrap) };
}

describe("members write to the central bucket, in the archive's one layout, and create nothing for it", () => {
  const twoMembers = () =>
    synthOrganization([
      member("member-a", "111111111111", "ap-northeast-1"),
      member("member-b", "222222222222", "eu-west-1", { cloudWatch: false, cidr: "10.20.0.0/16" }),
    ]);

  test("the flow log names the archive's bucket, Parquet, plain prefixes, per hour", () => {
    const { members } = twoMembers();
    for (const json of members) {
      const [id, fl] = resources(json, "aws_flow_log").find(([, f]) => f.log_destination_type === "s3")!;
      // Its construct, named for the destination: the address a plan shows.
      expect(id).toMatch(/^flow-logs_vpc-to-organization-archive_[0-9A-F]{8}$/);
      expect(fl).toMatchObject({
        log_destination: `arn:aws:s3:::${BUCKET}`,
        destination_options: { file_format: "parquet", hive_compatible_partitions: false, per_hour_partition: true },
      });
    }
  });

  test("nothing else in the member's account: no bucket, key or role for it", () => {
    const { members, made } = twoMembers();
    const b = members[1];
    expect(resources(b, "aws_s3_bucket")).toEqual([]);
    expect(resources(b, "aws_kms_key")).toEqual([]);
    expect(resources(b, "aws_iam_role")).toEqual([]);
    expect(made.stacks[1].flowLogs.destinations[0].created).toBeUndefined();
    // A destination of its own kind, which names its type when bound a second time.
    const destination = made.stacks[1].flowLogs.destinations[0];
    expect(() => destination.bind(made.stacks[1], { environmentName: "member-b" } as never)).toThrow(
      /^environment "member-b": this organization-archive flow-log destination is bound to member-b\/flow-logs already/,
    );
  });

  test("the archive's stack comes first in the deploy order, as production", () => {
    const { made } = twoMembers();
    expect(made.archive?.node.id).toBe("log-archive");
    const info = (made.archive!.toTerraform() as { "//": { network_monitoring: unknown } })["//"].network_monitoring;
    expect(info).toMatchObject({ promotionOrder: 0, production: true, accountId: "999999999999" });
  });
});

describe("the log-archive stack", () => {
  const accounts = ["111111111111", "222222222222"];
  const twoMembers = () => {
    const { archive, bootstrap } = synthOrganization([
      member("member-a", accounts[0], "ap-northeast-1"),
      member("member-b", accounts[1], "eu-west-1", { cidr: "10.20.0.0/16" }),
    ]);
    return { archive, bootstrap, table: resource(archive, "aws_glue_catalog_table", "vpc-table") };
  };

  test("the table's template, expanded for each member account and region, is the prefix that member's flow log writes", () => {
    const { table } = twoMembers();
    const at = new Date(Date.UTC(2026, 10, 27, 13));
    for (const [account, region] of [
      [accounts[0], "ap-northeast-1"],
      [accounts[1], "eu-west-1"],
    ]) {
      const expanded = expandTemplate(table.parameters, at, at, { aws_account: account, aws_region: region });
      expect(expanded).toBe(awsKeyPrefix({ bucketAndFolder: BUCKET, account, region }, false, true, at));
    }
    expect(table.parameters).toMatchObject({
      "projection.aws_account.type": "enum",
      "projection.aws_account.values": accounts.join(","),
      "projection.aws_region.values": "ap-northeast-1,eu-west-1",
    });
    expect(table.partition_keys.map((k: { name: string }) => k.name)).toEqual(["aws_account", "aws_region", "date", "hour"]);
  });

  test("log delivery may write for the member accounts only: bucket and key policy list them in one condition", () => {
    const { archive } = twoMembers();
    const bucketPolicy = policy(resource(archive, "aws_s3_bucket_policy", "/archive/bucket/policy").policy);
    const write = statement(bucketPolicy, "MembersLogDeliveryWrite");
    expect(write.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": accounts, "s3:x-amz-acl": "bucket-owner-full-control" },
      ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
    });
    expect(write.Resource).toEqual([
      `arn:aws:s3:::${BUCKET}/AWSLogs/*/vpcflowlogs/*`,
      `arn:aws:s3:::${BUCKET}/transit-gateway/AWSLogs/*/vpcflowlogs/*`,
    ]);
    expect(write).toEqual({
      Sid: "MembersLogDeliveryWrite",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: write.Resource,
      Condition: write.Condition,
    });
    expect(statement(bucketPolicy, "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(resource(archive, "aws_kms_key", "/archive/kms/key").description).toBe(
      `Encrypts the organisation's flow-log archive s3://${BUCKET}`,
    );
    expect(resource(archive, "aws_kms_alias", "archive/kms/alias").name).toBe("alias/network-monitoring/log-archive/flow-log-archive");
    const keyPolicy = policy(resource(archive, "aws_kms_key", "/archive/kms/key").policy);
    // The whole statement: the actions AWS's guide gives log delivery for SSE-KMS, and both confused-deputy conditions.
    expect(statement(keyPolicy, "MembersLogDeliveryEncrypts")).toEqual({
      Sid: "MembersLogDeliveryEncrypts",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accounts }, ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" } },
    });
    expect(
      resource(archive, "aws_s3_bucket_server_side_encryption_configuration", "/archive/bucket/encryption").rule[0]
        .apply_server_side_encryption_by_default,
    ).toMatchObject({
      sse_algorithm: "aws:kms",
    });
  });

  test("log delivery may write every key of the archive's layout, for each member, VPC and transit gateway, and no text file nor another layout", () => {
    const { archive } = twoMembers();
    const bucketPolicy = policy(resource(archive, "aws_s3_bucket_policy", "/archive/bucket/policy").policy);
    const delivers = (key: string) => deliveryDecision(bucketPolicy, "delivery.logs.amazonaws.com", "s3:PutObject", `arn:aws:s3:::${key}`);
    const hours = [new Date(Date.UTC(2026, 0, 1, 0)), new Date(Date.UTC(2026, 10, 27, 13)), new Date(Date.UTC(2026, 11, 31, 23))];
    for (const [account, region] of [
      [accounts[0], "ap-northeast-1"],
      [accounts[1], "eu-west-1"],
    ]) {
      for (const at of hours) {
        for (const folder of [BUCKET, `${BUCKET}/transit-gateway`]) {
          const prefix = awsKeyPrefix({ bucketAndFolder: folder, account, region }, false, true, at).replace(/^s3:\/\//, "");
          expect(delivers(prefix + awsFileName(account, region, at, "parquet"))).toBe("allowed");
          // A member's flow log in plain text, in the same hourly folder: refused by the documented name.
          expect(delivers(prefix + awsFileName(account, region, at, "text"))).toBe("denied");
          // Hive-compatible prefixes are another layout the table never reads.
          const hive = awsKeyPrefix({ bucketAndFolder: folder, account, region }, true, true, at).replace(/^s3:\/\//, "");
          expect(delivers(hive + awsFileName(account, region, at, "parquet"))).toBe("not allowed");
        }
      }
    }
    // Nothing outside the layout: another service's logs, the bucket's root, the reference data's folder.
    for (const key of [
      `${BUCKET}/AWSLogs/${accounts[0]}/CloudTrail/ap-northeast-1/2026/11/27/x.json.gz`,
      `${BUCKET}/x.parquet`,
      `${BUCKET}/member-networks/networks.csv`,
    ]) {
      expect(delivers(key)).toBe("not allowed");
    }
  });

  test("bucket and key are protected from destroy; Athena reads every lifecycle step (Glacier Instant Retrieval)", () => {
    const { archive } = twoMembers();
    expect(resource(archive, "aws_s3_bucket", "/archive/bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(archive, "aws_kms_key", "/archive/kms/key").lifecycle).toEqual({ prevent_destroy: true });
    const rules = resource(archive, "aws_s3_bucket_lifecycle_configuration", "/archive/bucket/lifecycle").rule;
    expect(rules[0].transition.map((t: { storage_class: string }) => t.storage_class)).toEqual(["STANDARD_IA", "GLACIER_IR"]);
  });

  test("state-bootstrap grants the archive's account its own state key", () => {
    const { bootstrap } = twoMembers();
    const sids = policy(resource(bootstrap, "aws_s3_bucket_policy").policy).Statement.map((s) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["ListlogarchiveState", "ReadWritelogarchiveState", "ReleaselogarchiveLock"]));
    expect(JSON.parse(Testing.synth(synthOrganizationStack()))["terraform"].backend.s3.key).toBe(
      "network-monitoring/log-archive/terraform.tfstate",
    );
  });

  test("the security rules pass on it, checked as production: a log group kept 30 days there is an error, in a member a warning", () => {
    const { made } = synthOrganization([member("member-a", accounts[0], "ap-northeast-1")]);
    expect(errorsUnder(made.archive!)).toEqual([]);
    const app = Testing.app();
    const again = addEnvironmentStacks(app, [member("member-a", accounts[0], "ap-northeast-1")], { logArchive: ARCHIVE });
    for (const stack of [again.archive!, again.stacks[0]])
      new CloudwatchLogGroup(stack, "short-lived", { name: "short", retentionInDays: 30 });
    Testing.synth(again.archive!);
    Testing.synth(again.stacks[0]);
    const retention = (texts: string[]) => texts.filter((t) => t.includes("retention 30 days in production"));
    expect([retention(errorsUnder(again.archive!)).length, retention(warningsUnder(again.archive!)).length]).toEqual([1, 0]);
    // The member is not production: the same log group there is no finding of that rule.
    expect(retention([...errorsUnder(again.stacks[0]), ...warningsUnder(again.stacks[0])])).toEqual([]);
  });

  test("every named query reads under the partition cap", () => {
    const { archive, table } = twoMembers();
    const now = new Date(Date.UTC(2026, 10, 27, 13));
    for (const [, q] of resources(archive, "aws_athena_named_query")) {
      expect(candidatePartitions(q.query, table, now).count).toBeLessThanOrEqual(ORGANIZATION_PARTITION_CAP);
    }
  });
});

/** The archive stack of a two-member app, for single checks. */
function synthOrganizationStack(): LogArchiveStack {
  return synthOrganization([member("member-a", "111111111111", "ap-northeast-1")]).made.archive!;
}

describe("a member joins or leaves: the same resources, changed in place", () => {
  /** Each resource's address and its synthesized values. */
  const addressesAndValues = (json: TfJson) =>
    new Map(
      Object.entries(json.resource).flatMap(([type, rs]) => Object.entries(rs).map(([id, v]) => [`${type}.${id}`, JSON.stringify(v)])),
    );
  const two = [
    member("member-a", "111111111111", "ap-northeast-1"),
    member("member-b", "222222222222", "eu-west-1", { cidr: "10.20.0.0/16" }),
  ];
  const three = [...two, member("member-c", "333333333333", "eu-west-1", { cidr: "10.30.0.0/16" })];

  test.each([
    // The member VPCs' object changes in place; the named query over it does not change (its text names no member).
    // The delivery watch's package (its list of deliveries) and the prefixes it may list follow the members.
    [
      "listing the accounts",
      ARCHIVE,
      ["aws_glue_catalog_table", "aws_iam_role_policy", "aws_kms_key", "aws_lambda_function", "aws_s3_bucket_policy", "aws_s3_object"],
    ],
    [
      "by the organisation's id",
      { ...ARCHIVE, organizationId: "o-a1b2c3d4e5" },
      ["aws_glue_catalog_table", "aws_iam_role_policy", "aws_lambda_function", "aws_s3_object"],
    ],
  ] as const)("%s: no resource added or removed; only %j change", (_, archive, changed) => {
    const before = addressesAndValues(synthArchiveOnly(two, archive));
    const after = addressesAndValues(synthArchiveOnly(three, archive));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const differing = [...after].filter(([a, v]) => before.get(a) !== v).map(([a]) => a.split(".")[0]);
    expect([...new Set(differing)].sort()).toEqual([...changed].sort());
    // And back: the member that leaves takes nothing with it (the bucket and its records stay).
    expect([...addressesAndValues(synthArchiveOnly(two, archive))]).toEqual([...before]);
  });
});

describe("the archive's settings", () => {
  test("one member account: its id, not a list of one, in each condition", () => {
    const { archive } = synthOrganization([member("member-a", "111111111111", "ap-northeast-1")]);
    const write = statement(policy(resource(archive, "aws_s3_bucket_policy", "/archive/bucket/policy").policy), "MembersLogDeliveryWrite");
    expect(write.Condition?.StringEquals).toEqual({ "aws:SourceAccount": "111111111111", "s3:x-amz-acl": "bucket-owner-full-control" });
    const encrypts = statement(policy(resource(archive, "aws_kms_key", "/archive/kms/key").policy), "MembersLogDeliveryEncrypts");
    expect(encrypts.Condition?.StringEquals).toEqual({ "aws:SourceAccount": "111111111111" });
  });

  test("with the organisation's id, one condition for every account: a new member changes no policy", () => {
    const withOrg = (n: number) =>
      synthOrganization(
        Array.from({ length: n }, (_, i) => member(`m${i}`, String(100000000000 + i), "ap-northeast-1", { cidr: `10.${i}.0.0/16` })),
        { ...ARCHIVE, organizationId: "o-a1b2c3d4e5" },
      ).archive;
    const [one, two] = [withOrg(1), withOrg(2)];
    const bucketPolicyOf = (j: TfJson) => resource(j, "aws_s3_bucket_policy", "/archive/bucket/policy").policy;
    expect(bucketPolicyOf(two)).toBe(bucketPolicyOf(one));
    expect(statement(policy(bucketPolicyOf(one)), "MembersLogDeliveryWrite").Condition?.StringEquals).toEqual({
      "aws:SourceOrgID": "o-a1b2c3d4e5",
      "s3:x-amz-acl": "bucket-owner-full-control",
    });
    expect(resource(two, "aws_kms_key", "/archive/kms/key").policy).toBe(resource(one, "aws_kms_key", "/archive/kms/key").policy);
  });

  test("write-once retention: Object Lock on the bucket, noncurrent versions kept past their lock", () => {
    const { archive } = synthOrganization([member("member-a", "111111111111", "ap-northeast-1")], {
      ...ARCHIVE,
      objectLock: { mode: "COMPLIANCE", days: 400 },
      lifecycle: { expirationDays: 1096 },
    });
    expect(resource(archive, "aws_s3_bucket", "/archive/bucket").object_lock_enabled).toBe(true);
    expect(resource(archive, "aws_s3_bucket_object_lock_configuration").rule).toEqual({
      default_retention: { mode: "COMPLIANCE", days: 400 },
    });
    const rules = resource(archive, "aws_s3_bucket_lifecycle_configuration", "/archive/bucket/lifecycle").rule;
    expect(rules[1].noncurrent_version_expiration[0].noncurrent_days).toBe(401);
  });

  test("named analysts of another account: a role they assume, within the organisation, with the analyst policy and nothing else", () => {
    const { archive } = synthOrganization([member("member-a", "111111111111", "ap-northeast-1")], {
      ...ARCHIVE,
      organizationId: "o-a1b2c3d4e5",
      analystPrincipals: ["arn:aws:iam::123456789012:role/security-analyst"],
    });
    const role = resource(archive, "aws_iam_role", "/analyst-role");
    expect([role.name, role.description, role.max_session_duration]).toEqual([
      "log-archive-flow-logs-analyst",
      "Runs the named queries over the organisation's flow-log archive, for 1 principal(s) of other accounts",
      3600,
    ]);
    expect(archive.output?.athena_analyst_role_arn).toEqual({
      value: refTo(archive, "aws_iam_role", "/analyst-role", "arn"),
      description: "Role the named analysts assume to query the archive",
    });
    expect(statement(policy(role.assume_role_policy), "NamedAnalystsOnly")).toEqual({
      Sid: "NamedAnalystsOnly",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::123456789012:role/security-analyst"] },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
    });
    const attachments = resources(archive, "aws_iam_role_policy_attachment").map(([, a]) => a);
    expect(attachments).toEqual([
      { role: expect.stringContaining("aws_iam_role."), policy_arn: expect.stringContaining("aws_iam_policy.athena_analyst-policy") },
    ]);
    // Without analysts, no analyst role.
    const roles = resources(synthOrganization([member("member-a", "111111111111", "ap-northeast-1")]).archive, "aws_iam_role");
    expect(roles.map(([, r]) => r.name)).toEqual(["log-archive-delivery-watch"]);
  });

  test("transit gateway records of members: their own organisation table, over the transit-gateway folder", () => {
    const withTgw = environmentFrom(member("member-t", "111111111111", "ap-northeast-1"), (e) => {
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
    });
    const { archive, members } = synthOrganization([withTgw]);
    const tables = resources(archive, "aws_glue_catalog_table").map(([, t]) => t);
    expect(tables.map((t) => t.name).sort()).toEqual(["transit_gateway_flow_logs", "vpc_flow_logs"]);
    const tgw = tables.find((t) => t.name === "transit_gateway_flow_logs");
    expect(tgw.parameters["storage.location.template"]).toBe(
      `s3://${BUCKET}/transit-gateway/AWSLogs/$\${aws_account}/vpcflowlogs/$\${aws_region}/$\${date}/$\${hour}/`,
    );
    const tgwLog = resources(members[0], "aws_flow_log")
      .map(([, f]) => f)
      .find((f) => f.transit_gateway_id && f.log_destination_type === "s3");
    expect(tgwLog.log_destination).toBe(`arn:aws:s3:::${BUCKET}/transit-gateway`);
  });

  test.each([
    [{ analystPrincipals: ["arn:aws:iam::123:role/x"] }, /analystPrincipals\[0\] = "arn:aws:iam::123:role\/x"/],
    [{ objectLock: { mode: "GOVERNANCE", days: 400 } }, /lifecycle\.expirationDays = 365: objects are locked for 400 days/],
    [{ lifecycle: { glacierStorageClass: "GLACIER" } }, /Athena cannot read Glacier Flexible Retrieval/],
    [{ organizationId: "org-1" }, /organizationId = "org-1": expected an AWS Organizations id/],
    [{ objectLock: { mode: "LEGAL", days: 1 } }, /objectLock\.mode = "LEGAL"/],
    [{ bucketNam: "x" }, /bucketNam = "x": unknown field.*did you mean bucketName/],
    // What a member delivers is the member's usage, not the archive's.
    [{ usage: { flowLogGbPerDay: 5 } }, /usage\.flowLogGbPerDay = 5: unknown field/],
    [{ usage: { athenaQueriesPerMonth: -1 } }, /usage\.athenaQueriesPerMonth = -1: expected a whole number, 0 or more/],
  ])("refused at synth, naming the field: %j", (change, message) => {
    expect(
      problemsOf(() =>
        synthOrganization([member("member-a", "111111111111", "ap-northeast-1")], { ...ARCHIVE, ...change } as LogArchiveConfig),
      ),
    ).toMatch(message);
  });

  test("an archive bucket with the state bucket's name is refused, in the archive and in every environment whose state it would hold", () => {
    const stateBucket = ARCHIVE.state.bucket;
    expect(
      problemsOf(() => synthOrganization([member("member-a", "111111111111", "ap-northeast-1")], { ...ARCHIVE, bucketName: stateBucket })),
    ).toMatch(`bucketName = "${stateBucket}": is the state bucket (state.bucket): the archive needs a bucket of its own`);
    const own = { ...ARCHIVE, state: { bucket: "archive-own-tfstate", region: "ap-northeast-1" }, bucketName: stateBucket };
    const a = member("member-a", "111111111111", "ap-northeast-1");
    expect(problemsOf(() => synthOrganization([a], own))).toMatch(
      `environment "member-a": state.bucket = "${a.state.bucket}": that is the organisation archive's bucket (logArchive.bucketName)`,
    );
    // Another name passes.
    expect(() => synthOrganization([a], { ...own, bucketName: "org-archive-elsewhere" })).not.toThrow();
  });

  test("a member in another partition (China, GovCloud) is refused: log delivery does not cross partitions", () => {
    const china = member("member-cn", "111111111111", "cn-north-1");
    expect(problemsOf(() => synthOrganization([china]))).toMatch(
      /environment "member-cn"[\s\S]*flowLogs\.destinations\[1\]\.type = "organization-archive": this environment's region cn-north-1 is in partition aws-cn, the log archive's \(ap-northeast-1\) in aws/,
    );
    const gov = member("member-gov", "111111111111", "us-gov-west-1");
    expect(problemsOf(() => synthOrganization([gov]))).toMatch(/region us-gov-west-1 is in partition aws-us-gov/);
    // An archive in the same partition takes it.
    const inChina = { ...ARCHIVE, region: "cn-northwest-1", state: { bucket: "cn-network-monitoring-tfstate", region: "cn-northwest-1" } };
    expect(() => synthOrganization([{ ...china, state: inChina.state }], inChina)).not.toThrow();
  });

  test("an organization-archive destination without a log archive is refused, naming the environment and the field", () => {
    const app = Testing.app();
    expect(() => addEnvironmentStacks(app, [member("member-a", "111111111111", "ap-northeast-1")])).toThrow(ConfigError);
    expect(problemsOf(() => addEnvironmentStacks(Testing.app(), [member("member-a", "111111111111", "ap-northeast-1")]))).toMatch(
      /environment "member-a"[\s\S]*flowLogs\.destinations\[1\]\.type = "organization-archive": this app has no log archive/,
    );
  });

  test("an archive without members: no log-archive stack from addEnvironmentStacks (a warning says why); refused when made directly", () => {
    const made = addEnvironmentStacks(Testing.app(), [environmentWith({})], { logArchive: ARCHIVE });
    expect(made.archive).toBeUndefined();
    expect(warningsUnder(made.bootstrap).join("\n")).toMatch(/the log archive \(account 999999999999, ap-northeast-1\) has no member yet/);
    expect(problemsOf(() => synthArchiveOnly([environmentWith({})]))).toMatch(
      /log-archive stack[\s\S]*no environment has a destination of type organization-archive/,
    );
  });
});

describe("the archive stack as its members make it, in either order", () => {
  // b before a: the app's order is not the accounts' order.
  const b = environmentFrom(member("member-b", "222222222222", "eu-west-1", { cidr: "10.20.0.0/16" }), (e) => {
    e.flowLogs.subnetIds = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
    e.flowLogs.networkInterfaceIds = ["eni-0123456789abcdef0"];
    e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
    e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0", "tgw-attach-0123456789abcdef1"];
  });
  const a = environmentFrom(member("member-a", "111111111111", "ap-northeast-1", { cidr: "10.10.0.0/16" }), (e) => {
    e.flowLogs.trafficType = "ACCEPT";
  });

  test.each([
    ["b, a", [b, a]],
    ["a, b", [a, b]],
  ])("members %s: accounts and regions sorted in the table and the policies", (_, members) => {
    const { archive } = synthOrganization(members);
    const table = resource(archive, "aws_glue_catalog_table", "vpc-table");
    expect([table.parameters["projection.aws_account.values"], table.parameters["projection.aws_region.values"]]).toEqual([
      "111111111111,222222222222",
      "ap-northeast-1,eu-west-1",
    ]);
    const write = statement(policy(resource(archive, "aws_s3_bucket_policy", "/archive/bucket/policy").policy), "MembersLogDeliveryWrite");
    expect(write.Condition?.StringEquals?.["aws:SourceAccount"]).toEqual(["111111111111", "222222222222"]);
  });

  test("its provider, its outputs, and what each member delivers into it (for the cost estimate), in the app's order", () => {
    const { made, archive } = synthOrganization([b, a]);
    expect(archive.provider).toEqual({
      aws: [
        {
          region: "ap-northeast-1",
          allowed_account_ids: ["999999999999"],
          default_tags: [{ tags: { Project: "network-monitoring", Environment: "log-archive", ManagedBy: "cdktf" } }],
        },
      ],
    });
    expect(archive.output).toEqual({
      archive_bucket_arn: {
        value: refTo(archive, "aws_s3_bucket", "/archive/bucket", "arn"),
        description: "The organisation's flow-log archive",
      },
      athena_workgroup: { value: "log-archive-flow-logs", description: "Athena workgroup over the archive" },
      athena_table: {
        value: "organization_flow_logs.vpc_flow_logs",
        description: "Glue database and table over every member's VPC records",
      },
    });
    const info = (made.archive!.toTerraform() as { "//": { network_monitoring: { archiveInflow: unknown } } })["//"].network_monitoring;
    const usage = { gbPerDay: 1, rejectedShare: 0.1, storedShare: 0.15, transitGatewayGbPerDay: 1 };
    expect(info.archiveInflow).toEqual({
      bucket: BUCKET,
      deliveries: [
        // The VPC's flow log, one per further subnet and interface; one per transit gateway and attachment.
        { environment: "member-b", accountId: "222222222222", trafficType: "ALL", ...usage, flowLogs: 4, transitGatewayFlowLogs: 3 },
        { environment: "member-a", accountId: "111111111111", trafficType: "ACCEPT", ...usage, flowLogs: 1, transitGatewayFlowLogs: 0 },
      ],
    });
  });

  test("the table's columns: every field any member logs, in the catalogue's order; transit gateway columns of the members that log transit gateways only", () => {
    const vpcOnly = environmentFrom(a, (e) => {
      // It logs no transit gateway: its transit gateway format (the default, every field) is not the table's.
      e.flowLogs.logFormat = ["reject-reason", "version", "srcaddr", "dstaddr", "action", "start", "end", "vpc-id"];
    });
    const tgw = environmentFrom(b, (e) => {
      e.flowLogs.logFormat = ["flow-direction", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "bytes", "start", "end", "action"];
      e.flowLogs.transitGatewayLogFormat = ["bytes", "tgw-id", "srcaddr", "dstaddr", "packets-lost-no-route", "version"];
    });
    const { archive } = synthOrganization([vpcOnly, tgw]);
    const columns = (name: string) =>
      resource(archive, "aws_glue_catalog_table", name).storage_descriptor.columns.map((c: { name: string }) => c.name);
    expect(columns("vpc-table")).toEqual([
      "version",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "bytes",
      "start",
      "end",
      "action",
      "vpc_id",
      "flow_direction",
      "reject_reason",
    ]);
    expect(columns("tgw-table")).toEqual(["version", "tgw_id", "srcaddr", "dstaddr", "bytes", "packets_lost_no_route"]);
  });

  test("rejected traffic is queried when one member records it; when every member records accepted traffic only, those queries are left out", () => {
    const queries = (members: EnvironmentConfig[]) =>
      resources(synthOrganization(members).archive, "aws_athena_named_query").map(([, q]) => String(q.name).split("/").pop());
    const c = environmentFrom(member("member-c", "333333333333", "eu-west-1", { cidr: "10.30.0.0/16" }), (e) => {
      e.flowLogs.trafficType = "ACCEPT";
    });
    // b records all traffic; a and c accepted traffic only.
    expect(queries([b, a])).toContain("rejected-ssh-rdp");
    expect(queries([a, c])).not.toContain("rejected-ssh-rdp");
    expect(queries([a, c])).toContain("top-talkers");
  });
});

/** The archive stack alone, over members validated as addEnvironmentStacks validates them (no member stacks: the archive reads their configs). */
function synthArchiveOnly(environments: EnvironmentConfig[], archive: LogArchiveConfig = ARCHIVE): TfJson {
  const logArchive = validateLogArchive(archive);
  const stack = new LogArchiveStack(Testing.app(), {
    archive: logArchive,
    environments: validateEnvironments(environments, { logArchive }),
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("at organisation scale: 500 accounts in 17 regions", () => {
  // The bench's members: an account each, in 17 regions, writing to the archive only.
  const members = generatedMembers(500) as EnvironmentConfig[];
  const bytes = (text: string) => Buffer.byteLength(JSON.stringify(JSON.parse(text)));

  test("listing the accounts, the bucket policy stays under S3's 20 KB and the key policy under KMS's 32 KB; where the line is", () => {
    const archive = synthArchiveOnly(members);
    const bucketPolicy = bytes(resource(archive, "aws_s3_bucket_policy", "/archive/bucket/policy").policy);
    const keyPolicy = bytes(resource(archive, "aws_kms_key", "/archive/kms/key").policy);
    expect(bucketPolicy).toBeLessThan(20 * 1024);
    expect(keyPolicy).toBeLessThan(32 * 1024);
    // Two statements list every account (write and ACL check): about 2 × 15 bytes an account.
    const perAccount =
      (bucketPolicy - bytes(resource(synthArchiveOnly(members.slice(0, 1)), "aws_s3_bucket_policy", "/archive/bucket/policy").policy)) /
      499;
    expect(perAccount).toBeGreaterThan(25);
    expect(perAccount).toBeLessThan(35);
    // The line: about 630 accounts (the docs say so); past it, synth asks for the organisation's id, saying where the line is.
    const line = Math.floor((20 * 1024 - bucketPolicy) / perAccount) + 500;
    expect(line).toBeGreaterThanOrEqual(630);
    const more = generatedMembers(700) as EnvironmentConfig[];
    const refused = problemsOf(() => synthArchiveOnly(more));
    expect(refused).toMatch(
      /log-archive stack[\s\S]*organizationId = undefined: the bucket policy lists 700 member accounts, \d+ bytes, over S3's 20480 \(about \d+ accounts fit\): give the organisation's id/,
    );
    expect(Number(/about (\d+) accounts fit/.exec(refused)![1])).toBe(line);
    // And that many fit: the bucket alone, with that many accounts listed.
    const fitting = new OrganizationArchiveBucket(new TerraformStack(Testing.app(), "fit"), "archive", {
      archive: validateLogArchive(ARCHIVE),
      memberAccounts: generatedMembers(line).map((m) => (m as EnvironmentConfig).accountId),
    });
    expect(fitting.policyBytes).toBeLessThanOrEqual(20 * 1024);
  });

  test("the table's accounts are injected (past an enum's size), its regions an enum; every named query names its accounts and reads under the cap", () => {
    const archive = synthArchiveOnly(members, { ...ARCHIVE, organizationId: "o-a1b2c3d4e5" });
    const table = resource(archive, "aws_glue_catalog_table", "vpc-table");
    expect(table.parameters["projection.aws_account.type"]).toBe("injected");
    expect(table.parameters["projection.aws_region.values"].split(",")).toHaveLength(17);
    const now = new Date(Date.UTC(2026, 10, 27, 13));
    const queries = resources(archive, "aws_athena_named_query");
    expect(queries.length).toBe(resources(synthArchiveOnly(members.slice(0, 2)), "aws_athena_named_query").length);
    expect(queries.length).toBeGreaterThan(NAMED_QUERIES.length / 2);
    // As many accounts as a day of every region keeps under the cap, and the title says how many.
    const fit = Math.floor(ORGANIZATION_PARTITION_CAP / (17 * 24));
    for (const [, q] of queries) {
      const c = candidatePartitions(q.query, table, now);
      expect(c.count).toBeLessThanOrEqual(ORGANIZATION_PARTITION_CAP);
      expect(c.count).toBeGreaterThan(ORGANIZATION_PARTITION_CAP - 17 * 24);
      expect(c.perColumn.aws_account).toEqual(
        members
          .slice(0, fit)
          .map((m) => m.accountId)
          .sort(),
      );
      expect(q.description).toContain(`${fit} of the 500 accounts (the first by id`);
      expect(q.description).not.toMatch(/every account/);
      expect(q.query).toContain(`-- The table's accounts are injected (there are 500): it reads the first ${fit} by id`);
    }
  });
});

describe("the watch over the members' deliveries", () => {
  const withTgw = environmentFrom(member("member-t", "111111111111", "ap-northeast-1"), (e) => {
    e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
  });
  // Two VPCs of one account and region share a prefix: one delivery, both named.
  const sameAccount = member("member-u", "111111111111", "ap-northeast-1", { cidr: "10.30.0.0/16" });
  const other = member("member-b", "222222222222", "eu-west-1", { cidr: "10.20.0.0/16" });
  const watched = () => {
    const { made, archive } = synthOrganization([withTgw, sameAccount, other]);
    const watch = made.archive!.deliveryWatch!;
    const shipped = JSON.parse(
      readZip(fs.readFileSync(watch.packageFile))
        .find((e) => e.name === "watch.json")!
        .content.toString("utf8"),
    );
    return { made, archive, watch, shipped };
  };

  test("every member's delivery is watched, as its package says: VPC records per account and region, transit gateway records apart", () => {
    const { archive, shipped } = watched();
    expect(shipped.deliveries).toEqual([
      {
        environments: ["member-t", "member-u"],
        account: "111111111111",
        region: "ap-northeast-1",
        records: "VPC",
        prefix: "AWSLogs/111111111111/vpcflowlogs/ap-northeast-1/",
      },
      {
        environments: ["member-b"],
        account: "222222222222",
        region: "eu-west-1",
        records: "VPC",
        prefix: "AWSLogs/222222222222/vpcflowlogs/eu-west-1/",
      },
      {
        environments: ["member-t"],
        account: "111111111111",
        region: "ap-northeast-1",
        records: "transit gateway",
        prefix: "transit-gateway/AWSLogs/111111111111/vpcflowlogs/ap-northeast-1/",
      },
    ]);
    // Each prefix is where the members' flow logs write: the archive's layout, as the table reads it.
    const at = new Date(Date.UTC(2026, 10, 27, 13));
    for (const d of shipped.deliveries as { account: string; region: string; prefix: string }[]) {
      const folder = d.prefix.startsWith("transit-gateway/") ? `${BUCKET}/transit-gateway` : BUCKET;
      expect(awsKeyPrefix({ bucketAndFolder: folder, account: d.account, region: d.region }, false, true, at)).toBe(
        `s3://${BUCKET}/${d.prefix}2026/11/27/13/`,
      );
    }
    expect(shipped).toMatchObject({
      bucket: BUCKET,
      silentHours: 6,
      namespace: "NetworkMonitoring/log-archive",
      metricName: "SilentDeliveries",
    });
    expect(resource(archive, "aws_lambda_function").environment.variables).toEqual({ WATCHED_DELIVERIES: "3" });
  });

  test("least privilege: list the watched prefixes only, put one namespace's metric, publish to its topic through its key", () => {
    const { archive, shipped } = watched();
    const role = resource(archive, "aws_iam_role", "/delivery-watch/role");
    expect(statement(policy(role.assume_role_policy), "LambdaInThisAccount")).toEqual({
      Sid: "LambdaInThisAccount",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "999999999999" } },
    });
    const p = policy(resource(archive, "aws_iam_role_policy", "/delivery-watch/role-policy").policy);
    // The whole document: each statement on its one resource, with its condition.
    expect(p).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListTheArchivesHourFolders",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: `arn:aws:s3:::${BUCKET}`,
          Condition: { StringLike: { "s3:prefix": (shipped.deliveries as { prefix: string }[]).map((d) => `${d.prefix}*`) } },
        },
        {
          // PutMetricData has no resource of its own: the namespace is the limit.
          Sid: "PublishTheSilentCount",
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "NetworkMonitoring/log-archive" } },
        },
        {
          Sid: "NameTheSilent",
          Effect: "Allow",
          Action: "sns:Publish",
          Resource: "arn:aws:sns:ap-northeast-1:999999999999:log-archive-network-monitoring-alarms",
        },
        {
          Sid: "EncryptForTheTopic",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: refTo(archive, "aws_kms_key", "delivery-watch/topic/key", "arn"),
          Condition: { StringEquals: { "kms:ViaService": "sns.ap-northeast-1.amazonaws.com" } },
        },
        {
          Sid: "WriteItsLog",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:ap-northeast-1:999999999999:log-group:/aws/lambda/log-archive-delivery-watch:*",
        },
      ],
    });
    // The listed prefixes are the three deliveries' own (two VPC, one transit gateway).
    expect(statement(p, "ListTheArchivesHourFolders").Condition?.StringLike?.["s3:prefix"]).toEqual([
      "AWSLogs/111111111111/vpcflowlogs/ap-northeast-1/*",
      "AWSLogs/222222222222/vpcflowlogs/eu-west-1/*",
      "transit-gateway/AWSLogs/111111111111/vpcflowlogs/ap-northeast-1/*",
    ]);
    // Scheduled by its own rule, invoked by EventBridge for that rule only, from this account.
    expect(resource(archive, "aws_lambda_permission")).toEqual({
      statement_id: "EveryHourFromItsRule",
      action: "lambda:InvokeFunction",
      function_name: refTo(archive, "aws_lambda_function", "delivery-watch/function", "function_name"),
      principal: "events.amazonaws.com",
      source_account: "999999999999",
      source_arn: refTo(archive, "aws_cloudwatch_event_rule", "delivery-watch/schedule", "arn"),
    });
  });

  test("the alarm: one metric for every member, no data counted as silence, to an encrypted topic with the archive's subscribers", () => {
    const { archive } = watched();
    const alarm = resource(archive, "aws_cloudwatch_metric_alarm", "/delivery-watch/alarm");
    expect(alarm).toMatchObject({
      alarm_name: "log-archive-silent-deliveries",
      namespace: "NetworkMonitoring/log-archive",
      metric_name: "SilentDeliveries",
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      treat_missing_data: "breaching",
      period: 3600,
    });
    expect(alarm.alarm_description).toContain("/aws/lambda/log-archive-delivery-watch");
    expect(resource(archive, "aws_sns_topic").kms_master_key_id).toMatch(/aws_kms_key\./);
    expect(resources(archive, "aws_sns_topic_subscription").map(([, x]) => [x.protocol, x.endpoint])).toEqual([
      ["email", "platform@example.com"],
    ]);
    expect(resource(archive, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
  });

  test("the package is the same bytes at every synth of the same members, and changes when they do", () => {
    const { archive, watch } = watched();
    const hash = (json: TfJson) => resource(json, "aws_lambda_function").source_code_hash as string;
    // The configured hash is the package's own (what Terraform compares with the file at plan).
    expect(createHash("sha256").update(fs.readFileSync(watch.packageFile)).digest("base64")).toBe(hash(archive));
    expect(hash(synthArchiveOnly([withTgw, sameAccount, other]))).toBe(hash(archive));
    expect(hash(synthArchiveOnly([withTgw, other]))).not.toBe(hash(archive));
  });

  test.each([
    [{ deliveryWatch: undefined }, /deliveryWatch = undefined \(missing\): required: who hears when a member's deliveries stop/],
    [
      { deliveryWatch: {} },
      /deliveryWatch\.alarmEmails = undefined \(missing\): the watch over the members' deliveries must notify someone/,
    ],
    [
      { deliveryWatch: { alarmEmails: ["a@example.com"], silentHours: 0 } },
      /deliveryWatch\.silentHours = 0: expected a whole number of hours, 1 to 48/,
    ],
    [{ deliveryWatch: { alarmEmails: ["a@example.com"], silentHours: 49 } }, /deliveryWatch\.silentHours = 49/],
    [{ deliveryWatch: { alarmEmails: ["not-an-address"] } }, /deliveryWatch\.alarmEmails\[0\] = "not-an-address"/],
    [{ deliveryWatch: { alarmEmail: ["a@example.com"] } }, /deliveryWatch\.alarmEmail = .*unknown field.*did you mean alarmEmails/],
  ])("refused at synth, naming the field: %j", (change, message) => {
    expect(problemsOf(() => synthOrganization([other], { ...ARCHIVE, ...change } as LogArchiveConfig))).toMatch(message);
  });

  test("turned off, explicitly: no function, no alarm, no topic", () => {
    const off = synthOrganization([other], { ...ARCHIVE, deliveryWatch: { enabled: false } });
    expect(off.made.archive!.deliveryWatch).toBeUndefined();
    for (const type of ["aws_lambda_function", "aws_cloudwatch_metric_alarm", "aws_sns_topic"])
      expect(resources(off.archive, type)).toEqual([]);
    // HTTPS only is someone too.
    expect(() =>
      synthOrganization([other], { ...ARCHIVE, deliveryWatch: { httpsEndpoints: ["https://hooks.example.com/x"] } }),
    ).not.toThrow();
  });
});

describe("the member VPCs, for the traffic between them", () => {
  const a = member("member-a", "111111111111", "ap-northeast-1", { cidr: "10.10.0.0/16" });
  const b = member("member-b", "222222222222", "eu-west-1", { cidr: "10.20.0.0/16" });

  test("two members with their own blocks: an object of their blocks as numbers, its table, the query joining it, the analyst reading it", () => {
    const { archive, made } = synthOrganization([b, a]);
    // No block overlaps another: no warning of it.
    expect(warningsUnder(made.archive!).filter((w) => w.includes("overlap"))).toEqual([]);
    const object = resource(archive, "aws_s3_object", "member-networks-csv");
    // Written once its bucket and the bucket's policy are in place.
    expect(object.depends_on).toEqual([
      `aws_s3_bucket.${resources(archive, "aws_s3_bucket").find(([id]) => idMatches(id, "reference/bucket"))![0]}`,
      `aws_s3_bucket_policy.${resources(archive, "aws_s3_bucket_policy").find(([id]) => idMatches(id, "reference/policy"))![0]}`,
    ]);
    expect(object).toMatchObject({ key: "member-networks/networks.csv", content_type: "text/csv", server_side_encryption: "aws:kms" });
    // In the bucket of reference data, encrypted with the results key: never in the archive, whose Object Lock would keep every version.
    const reference = resource(archive, "aws_s3_bucket", "reference/bucket");
    expect(object.bucket).toBe(reference.bucket);
    expect(reference).toMatchObject({
      bucket: expect.stringMatching(/^log-archive-\d{12}-[a-z0-9-]+-athena-reference$/),
      force_destroy: true,
    });
    expect(reference.object_lock_enabled).toBeUndefined();
    expect(object.kms_key_id).toMatch(/^\$\{aws_kms_key\.athena_results-key/);
    // A CSV table without a header, over the object's folder: Athena reads it with LazySimpleSerDe.
    expect(resource(archive, "aws_glue_catalog_table", "member-networks-table")).toEqual({
      database_name: refTo(archive, "aws_glue_catalog_database", "athena/database", "name"),
      name: "member_networks",
      description: `The organisation's member VPCs (environment, account, block), written from the config to s3://${reference.bucket}/member-networks/networks.csv`,
      table_type: "EXTERNAL_TABLE",
      parameters: { EXTERNAL: "TRUE", classification: "csv" },
      storage_descriptor: {
        location: `s3://${reference.bucket}/member-networks/`,
        input_format: "org.apache.hadoop.mapred.TextInputFormat",
        output_format: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        ser_de_info: {
          serialization_library: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
          parameters: { "field.delim": ",", "serialization.format": "," },
        },
        columns: [
          { name: "environment", type: "string" },
          { name: "account", type: "string" },
          { name: "cidr", type: "string" },
          { name: "first_address", type: "bigint" },
          { name: "last_address", type: "bigint" },
        ],
      },
    });
    // 10.10.0.0 is 168427520; a /16 is 65,536 addresses. Ordered by environment.
    expect(object.content).toBe(
      "member-a,111111111111,10.10.0.0/16,168427520,168493055\nmember-b,222222222222,10.20.0.0/16,169082880,169148415\n",
    );
    const query = resources(archive, "aws_athena_named_query").find(([id]) => id.includes("traffic-between-member-vpcs"))![1];
    expect(query.query).toContain("JOIN member_networks s ON");
    expect(query.query).not.toMatch(/member-a|member-b|10\.10\./);
    const analyst = policy(resource(archive, "aws_iam_policy", "analyst-policy").policy);
    expect(statement(analyst, "ReadTheReferenceData").Resource).toBe(`arn:aws:s3:::${reference.bucket}/member-networks/*`);
    expect(statement(analyst, "ListTheReferenceData")).toEqual({
      Sid: "ListTheReferenceData",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${reference.bucket}`,
      Condition: { StringLike: { "s3:prefix": "member-networks/*" } },
    });
    expect(JSON.stringify(statement(analyst, "ReadTheArchiveUnderTheTable").Resource)).not.toContain("member-networks");
    expect(JSON.stringify(statement(analyst, "ReadTheTableDefinition").Resource)).toContain("table/organization_flow_logs/member_networks");
  });

  test("the join reads each address as the number the object holds: the dotted quad's octets, nothing for IPv6 or a missing address", () => {
    const { archive } = synthOrganization([b, a]);
    const query = String(resources(archive, "aws_athena_named_query").find(([id]) => id.includes("traffic-between-member-vpcs"))![1].query);
    const joins = [...query.matchAll(/^JOIN member_networks (\w) ON (.+) BETWEEN \1\.first_address AND \1\.last_address$/gm)];
    expect(joins.map((j) => j[1])).toEqual(["s", "d"]);
    /** The expression's value for an address, evaluated as Trino evaluates the functions it uses (a CASE without ELSE is null). */
    const evaluate = (expression: string, column: string, address: string): number | null => {
      const m = /^CASE WHEN regexp_like\((\S+), '([^']+)'\) THEN (.+) END$/.exec(expression);
      if (!m || m[1] !== column) throw new Error(`not an address of ${column}: ${expression}`);
      if (!new RegExp(m[2]).test(address)) return null;
      const octets = address.split(".");
      const arithmetic = m[3].replace(/CAST\(split_part\((\S+), '\.', (\d)\) AS BIGINT\)/g, (_, c: string, i: string) => {
        if (c !== column) throw new Error(`an octet of ${c} in the number of ${column}`);
        return String(Number(octets[Number(i) - 1]));
      });
      if (!/^[\d\s*+]+$/.test(arithmetic)) throw new Error(`left to evaluate: ${arithmetic}`);
      return arithmetic.split("+").reduce((sum, term) => sum + term.split("*").reduce((p, f) => p * Number(f), 1), 0);
    };
    const cases: [string, number | null][] = [
      ["10.20.1.5", 169083141],
      ["10.10.0.0", 168427520],
      ["255.255.255.255", 4294967295],
      ["0.0.0.1", 1],
      ["2001:db8::a", null],
      ["-", null],
      ["10.20.1", null],
    ];
    for (const [join, column] of [
      [joins[0], "srcaddr"],
      [joins[1], "dstaddr"],
    ] as const) {
      expect(cases.map(([address]) => evaluate(join[2], column, address))).toEqual(cases.map(([, n]) => n));
    }
  });

  test("members whose blocks overlap are left out, with a warning; with fewer than two left there is no table and no query", () => {
    const same = member("member-c", "333333333333", "eu-west-1", { cidr: "10.10.0.0/16" });
    const { archive, made } = synthOrganization([a, b, same]);
    expect(warningsUnder(made.archive!).filter((w) => w.includes("overlap"))).toEqual([
      'log-archive: members "member-a" (10.10.0.0/16), "member-c" (10.10.0.0/16) have VPC blocks that overlap another member\'s: ' +
        "they are left out of member_networks and of the traffic between member VPCs (an address in two blocks cannot say whose it is)",
    ]);
    expect(resources(archive, "aws_athena_named_query").some(([id]) => id.includes("traffic-between-member-vpcs"))).toBe(false);
    expect(resources(archive, "aws_s3_object")).toHaveLength(0);
  });
});

describe("nothing Terraform manages in the locked archive", () => {
  const a = member("member-a", "111111111111", "ap-northeast-1", { cidr: "10.10.0.0/16" });
  const b = member("member-b", "222222222222", "eu-west-1", { cidr: "10.20.0.0/16" });

  test("an archive of earlier deployments held the members' object in its bucket: Terraform forgets it there, never deletes it", () => {
    for (const members of [[a, b], [a]]) {
      const { archive } = synthOrganization(members);
      const removed = (archive as unknown as { removed?: { from: string; lifecycle: { destroy: boolean } }[] }).removed ?? [];
      expect(removed).toEqual([
        { from: expect.stringMatching(/^aws_s3_object\.athena_member-networks-object_[0-9A-F]{8}$/), lifecycle: { destroy: false } },
      ]);
      // No object of the config is at that address, nor in the archive bucket.
      expect(resources(archive, "aws_s3_object").map(([id]) => id)).not.toContain(removed[0].from.split(".")[1]);
      for (const [, o] of resources(archive, "aws_s3_object")) expect(String(o.bucket)).not.toContain("archive_bucket_bucket");
    }
  });
});
