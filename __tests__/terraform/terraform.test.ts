/**
 * Real Terraform judges the synthesized stacks: an offline `plan` of each with the real AWS
 * provider from the local mirror, read back as JSON. A plan validates the configuration first
 * (and prints what `validate` would warn about), so each stack is validated by its plan;
 * `validate -json` itself, which `plan:offline` runs, is checked on the smallest stack.
 * Without Terraform or the provider these tests skip with one line; with REQUIRE_TERRAFORM=1
 * (as in CI) they fail instead.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { environments, APP_OPTIONS } from "../../environments";
import { staging } from "../../environments/staging";
import {
  AWS_PROVIDER,
  describeSetup,
  findTerraform,
  planCounts,
  synthesizedStacks,
  TerraformPlan,
  TerraformWorkspace,
} from "../../tools/terraform";
import type { TfJson } from "../support/helpers";
import {
  addLibraryPathsStack,
  LIBRARY_FIREHOSE_ROLE,
  LIBRARY_KEY,
  LIBRARY_GRANTED,
  LIBRARY_PATHS,
  LIBRARY_TGW_FORMAT,
  LIBRARY_TEAM_BUCKET,
  LIBRARY_TEAM_GROUP,
} from "../support/library-paths";

const setup = findTerraform(AWS_PROVIDER);
const required = process.env.REQUIRE_TERRAFORM === "1";
if (!setup.ok && !required) process.stderr.write(`SKIPPED terraform tests: ${setup.reason}\n`);

const suite = setup.ok || required ? describe : describe.skip;

interface StackResult {
  json: TfJson;
  validate?: Awaited<ReturnType<TerraformWorkspace["validate"]>>;
  plan: TerraformPlan;
  text: string;
}

suite(`real Terraform (${describeSetup(setup)})`, () => {
  const results: Record<string, StackResult> = {};
  let planWithoutReuse: string | undefined;
  let outdir: string;

  beforeAll(async () => {
    if (!setup.ok) throw new Error(`REQUIRE_TERRAFORM=1 but ${setup.reason}`);
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-synth-"));
    const app = new App({ outdir });
    addEnvironmentStacks(app, environments, APP_OPTIONS);
    addLibraryPathsStack(app);
    app.synth();
    const stacks = synthesizedStacks(outdir);
    // Two at a time: the provider is CPU-heavy and the machines have 2 cores. dev and prod
    // last: plan-changes.test.ts plans them first, and identical plans are shared per run.
    const queue = [...stacks].sort((a, b) => Number(["dev", "prod"].includes(a.name)) - Number(["dev", "prod"].includes(b.name)));
    const worker = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const ws = new TerraformWorkspace(setup, s.dir);
        try {
          const validate = s.name === "state-bootstrap" ? await ws.validate() : undefined;
          const { plan, text } = await ws.plan();
          if (s.name === "state-bootstrap") {
            const alone = new TerraformWorkspace(setup, s.dir, { reuseProvider: false });
            try {
              planWithoutReuse = await alone.planText();
            } finally {
              alone.dispose();
            }
          }
          const json = JSON.parse(fs.readFileSync(path.join(s.dir, "cdk.tf.json"), "utf8")) as TfJson;
          results[s.name] = { json, validate, plan, text };
        } finally {
          ws.dispose();
        }
      }
    };
    await Promise.all([worker(), worker()]);
  });

  afterAll(() => {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  const names = ["state-bootstrap", "log-archive", ...environments.map((e) => e.name), LIBRARY_PATHS];

  test.each(names)("%s: valid, with no warning (the plan validates the configuration first)", (name) => {
    expect(results[name].text).toMatch(/^Terraform will perform the following actions:/m);
    expect(results[name].text).not.toMatch(/Warning:|Error:/);
  });

  test("one provider process for a workspace's commands plans exactly as a provider started per command", () => {
    // The printed plan lists every resource with every attribute and its value (default tags
    // included, which come from the provider's configuration).
    expect(results["state-bootstrap"].text).toContain("Plan: 7 to add, 0 to change, 0 to destroy.");
    expect(results["state-bootstrap"].text).toContain('"ManagedBy"   = "cdktf"');
    expect(planWithoutReuse).toBe(results["state-bootstrap"].text);
  });

  test("terraform validate -json, as plan:offline runs it, reads a valid stack as valid", () => {
    expect(results["state-bootstrap"].validate).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  test.each(names)("%s: the offline plan creates every synthesized resource and nothing else", (name) => {
    const { json, plan } = results[name];
    const synthesized = Object.entries(json.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
    const planned = (plan.resource_changes ?? []).map((rc) => rc.address);
    expect(planned.sort()).toEqual(synthesized.sort());
    for (const rc of plan.resource_changes ?? []) expect(rc.change.actions).toEqual(["create"]);
    expect(planCounts(plan)).toEqual({ add: synthesized.length, change: 0, destroy: 0 });
    expect(results[name].text).toContain(`Plan: ${synthesized.length} to add, 0 to change, 0 to destroy.`);
  });

  const after = (name: string, type: string) =>
    (results[name].plan.resource_changes ?? []).filter((rc) => rc.type === type).map((rc) => rc.change.after ?? {});

  test("resource counts per environment", () => {
    const count = (name: string, type: string) => after(name, type).length;
    expect([count("dev", "aws_subnet"), count("staging", "aws_subnet"), count("prod", "aws_subnet")]).toEqual([4, 4, 6]);
    expect([count("dev", "aws_nat_gateway"), count("staging", "aws_nat_gateway"), count("prod", "aws_nat_gateway")]).toEqual([0, 1, 3]);
    expect([count("dev", "aws_flow_log"), count("staging", "aws_flow_log"), count("prod", "aws_flow_log")]).toEqual([1, 2, 2]);
    // One alarm-topic key each, and prod's log-group key: their archives (and Athena) are the organisation's now.
    expect([count("dev", "aws_kms_key"), count("staging", "aws_kms_key"), count("prod", "aws_kms_key")]).toEqual([1, 1, 2]);
    expect([count("dev", "aws_athena_workgroup"), count("staging", "aws_athena_workgroup"), count("prod", "aws_athena_workgroup")]).toEqual(
      [0, 0, 0],
    );
    // The archive's: its bucket's key, the results key and the delivery watch's topic key; one workgroup over every member.
    expect([count("log-archive", "aws_kms_key"), count("log-archive", "aws_athena_workgroup")]).toEqual([3, 1]);
    for (const env of ["dev", "staging", "prod"]) {
      expect([
        env,
        count(env, "aws_cloudwatch_query_definition"),
        count(env, "aws_cloudwatch_log_metric_filter"),
        count(env, "aws_cloudwatch_dashboard"),
      ]).toEqual([env, 8, 4, 1]);
    }
    expect([
      count("dev", "aws_cloudwatch_metric_alarm"),
      count("staging", "aws_cloudwatch_metric_alarm"),
      count("prod", "aws_cloudwatch_metric_alarm"),
    ]).toEqual([3, 3, 4]);
    expect(count("state-bootstrap", "aws_s3_bucket")).toBe(1);
  });

  test("dev: the flow log as AWS will receive it", () => {
    const [fl] = after("dev", "aws_flow_log");
    expect(fl).toMatchObject({ log_destination_type: "cloud-watch-logs", traffic_type: "ALL", max_aggregation_interval: 60 });
    expect(after("dev", "aws_cloudwatch_log_group")[0]).toMatchObject({
      name: "/network-monitoring/dev/vpc-flow-logs",
      retention_in_days: 30,
      log_group_class: "STANDARD",
    });
  });

  test("staging: Terraform passes the custom format through as ${field} (escaping is right)", () => {
    const expected = staging.flowLogs.logFormat!.map((f) => "${" + f + "}").join(" ");
    const logs = after("staging", "aws_flow_log");
    expect(logs).toHaveLength(2);
    for (const fl of logs) expect(fl.log_format).toBe(expected);
  });

  test("monitoring as AWS will receive it: patterns, queries and the dashboard body pass through Terraform unchanged", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const synthesized = (type: string): any[] => Object.values(results[env].json.resource[type] ?? {});
      expect(
        after(env, "aws_cloudwatch_log_metric_filter")
          .map((f) => [f.name, f.pattern, f.metric_transformation])
          .sort(),
      ).toEqual(
        synthesized("aws_cloudwatch_log_metric_filter")
          .map((f) => [f.name, f.pattern, [{ ...f.metric_transformation, dimensions: null }]])
          .sort(),
      );
      expect(
        after(env, "aws_cloudwatch_query_definition")
          .map((q) => [q.name, q.query_string])
          .sort(),
      ).toEqual(
        synthesized("aws_cloudwatch_query_definition")
          .map((q) => [q.name, q.query_string])
          .sort(),
      );
      const [dashboard] = after(env, "aws_cloudwatch_dashboard");
      expect(JSON.parse(dashboard.dashboard_body as string)).toEqual(JSON.parse(synthesized("aws_cloudwatch_dashboard")[0].dashboard_body));
      const topic = after(env, "aws_sns_topic")[0];
      expect(topic.name).toBe(`${env}-network-monitoring-alarms`);
      expect(after(env, "aws_sns_topic_subscription").map((s) => s.protocol)).toContain("email");
    }
  });

  test("prod: encrypted, protected log group; Parquet per hour under plain prefixes to the archive; rotating keys; the archive's Athena as planned", () => {
    expect(after("prod", "aws_cloudwatch_log_group")[0]).toMatchObject({ retention_in_days: 400, skip_destroy: true });
    const s3Log = after("prod", "aws_flow_log").find((f) => f.log_destination_type === "s3")!;
    expect(s3Log.destination_options).toEqual([{ file_format: "parquet", hive_compatible_partitions: false, per_hour_partition: true }]);
    for (const k of after("prod", "aws_kms_key")) expect(k.enable_key_rotation).toBe(true);
    // The table and workgroup as the provider plans them: a projected date to NOW, hour, protocol bigint, force_destroy.
    const table = after("log-archive", "aws_glue_catalog_table").find((t) => t.name === "vpc_flow_logs")!;
    expect((table.partition_keys as { name: string }[]).map((k) => k.name)).toEqual(["aws_account", "aws_region", "date", "hour"]);
    expect(table.parameters).toMatchObject({ "projection.date.type": "date", "projection.date.range": "2024/01/01,NOW" });
    expect(String((table.parameters as Record<string, string>)["storage.location.template"])).toMatch(
      /\/\$\{aws_account\}\/vpcflowlogs\/\$\{aws_region\}\/\$\{date\}\/\$\{hour\}\/$/,
    );
    expect(after("log-archive", "aws_athena_workgroup")[0]).toMatchObject({ force_destroy: true });
    const tags = after("prod", "aws_vpc")[0].tags_all as Record<string, string>;
    expect(tags).toMatchObject({ Project: "network-monitoring", Environment: "prod", ManagedBy: "cdktf" });
  });

  test("library paths as AWS will receive them: cross-account Firehose with both roles, transit gateway records apart, a team's key and tags", () => {
    const flowLogs = after(LIBRARY_PATHS, "aws_flow_log");
    const firehose = flowLogs.filter((f) => f.log_destination_type === "kinesis-data-firehose");
    expect(firehose).toHaveLength(2);
    for (const f of firehose) {
      expect(f.deliver_cross_account_role).toBe(LIBRARY_FIREHOSE_ROLE);
      // The source role's ARN is known only after apply: planned as unknown, not absent.
      expect(f.iam_role_arn).toBeUndefined();
    }
    const unknownRole = (plan: TerraformPlan) =>
      (plan.resource_changes ?? []).filter(
        (rc) => rc.type === "aws_flow_log" && (rc.change.after_unknown as Record<string, unknown>)?.iam_role_arn === true,
      );
    expect(unknownRole(results[LIBRARY_PATHS].plan).length).toBeGreaterThanOrEqual(2);
    const s3 = flowLogs.filter((f) => f.log_destination_type === "s3");
    expect(s3.map((f) => f.log_destination).sort()).toEqual([
      "arn:aws:s3:::team-central-logs/vpc",
      "arn:aws:s3:::team-central-logs/vpc/transit-gateway",
    ]);
    // The transit gateway's own format reaches AWS as ${field}; the VPC's flow logs keep AWS's default.
    const shared = flowLogs.filter((f) => String((f.tags as Record<string, string>).Name).startsWith("team-shared-"));
    expect(shared.map((f) => [f.transit_gateway_id ? "tgw" : "vpc", f.log_format ?? "default"]).sort()).toEqual([
      ["tgw", LIBRARY_TGW_FORMAT.map((f) => "${" + f + "}").join(" ")],
      ["tgw", LIBRARY_TGW_FORMAT.map((f) => "${" + f + "}").join(" ")],
      ["vpc", "default"],
      ["vpc", "default"],
    ]);
    const groups = after(LIBRARY_PATHS, "aws_cloudwatch_log_group").filter(
      (g) => g.name !== LIBRARY_TEAM_GROUP && !String(g.name).includes(LIBRARY_GRANTED) && !String(g.name).includes("team-hub"),
    );
    expect(groups.map((g) => g.kms_key_id)).toEqual([LIBRARY_KEY]);
    expect(groups[0].tags_all).toMatchObject({ Team: "platform", Owner: "team-provider" });
  });

  test("a hub's transit gateway records as Terraform plans them: a filter per loss counter on their group, an alarm per cause, two saved queries", () => {
    const filters = after(LIBRARY_PATHS, "aws_cloudwatch_log_metric_filter").filter((f) =>
      String(f.name).startsWith("team-hub-transit-gateway-"),
    );
    expect(filters.map((f) => [f.name, f.log_group_name, (f.metric_transformation as { value: string }[])[0].value]).sort()).toEqual(
      ["blackhole", "mtu-exceeded", "no-route", "ttl-expired"].map((c) => [
        `team-hub-transit-gateway-lost-${c}`,
        "/network-monitoring/team-hub/vpc-flow-logs/transit-gateway",
        `$packets_lost_${c.replace(/-/g, "_")}`,
      ]),
    );
    const synthesized = Object.values(results[LIBRARY_PATHS].json.resource.aws_cloudwatch_log_metric_filter ?? {}) as {
      name: string;
      pattern: string;
    }[];
    for (const f of filters) expect(f.pattern).toBe(synthesized.find((s) => s.name === f.name)!.pattern);
    const alarms = after(LIBRARY_PATHS, "aws_cloudwatch_metric_alarm").filter((a) =>
      String(a.alarm_name).startsWith("team-hub-network-transit-gateway-"),
    );
    expect(alarms.map((a) => [a.threshold, a.statistic])).toEqual([
      [5, "Sum"],
      [5, "Sum"],
      [5, "Sum"],
      [5, "Sum"],
    ]);
    const queries = after(LIBRARY_PATHS, "aws_cloudwatch_query_definition").filter((q) =>
      String(q.name).startsWith("network-monitoring/team-hub/transit-gateway-"),
    );
    expect(queries.map((q) => q.log_group_names)).toEqual([
      ["/network-monitoring/team-hub/vpc-flow-logs/transit-gateway"],
      ["/network-monitoring/team-hub/vpc-flow-logs/transit-gateway"],
    ]);
  });

  test("the organisation's archive as Terraform plans it: a locked, encrypted bucket for the organisation; staging and prod writing to it", () => {
    const archive = APP_OPTIONS.logArchive!;
    const [bucket] = after("log-archive", "aws_s3_bucket").filter((b) => b.bucket === archive.bucketName);
    expect(bucket).toMatchObject({ object_lock_enabled: true, force_destroy: false });
    const [lock] = after("log-archive", "aws_s3_bucket_object_lock_configuration");
    expect(lock.rule).toEqual([{ default_retention: [{ mode: archive.objectLock?.mode, days: archive.objectLock?.days, years: null }] }]);
    const policies = after("log-archive", "aws_s3_bucket_policy").map(
      (p) => JSON.parse(String(p.policy)) as { Statement: { Sid: string; Condition?: unknown }[] },
    );
    const write = policies.flatMap((p) => p.Statement).find((st) => st.Sid === "MembersLogDeliveryWrite");
    // The whole condition: the organisation, the ACL, and the log service as the source (a dropped one fails here).
    expect(write?.Condition).toEqual({
      StringEquals: { "aws:SourceOrgID": archive.organizationId, "s3:x-amz-acl": "bucket-owner-full-control" },
      ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
    });
    const table = after("log-archive", "aws_glue_catalog_table").find((t) => t.name === "vpc_flow_logs")!;
    expect(table.parameters).toMatchObject({
      "projection.aws_account.values": "222222222222,333333333333",
      "projection.aws_region.values": "ap-northeast-1",
    });
    // The member VPCs, as the traffic between them is joined: the object (in the bucket of reference data, never the locked archive) and its table.
    const [networks] = after("log-archive", "aws_s3_object");
    const reference = `log-archive-${archive.accountId}-${archive.region}-athena-reference`;
    expect(networks).toMatchObject({
      bucket: reference,
      key: "member-networks/networks.csv",
      server_side_encryption: "aws:kms",
      content_type: "text/csv",
    });
    expect(
      String(networks.content)
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(",").slice(0, 3)),
    ).toEqual([
      ["prod", "333333333333", "10.30.0.0/16"],
      ["staging", "222222222222", "10.20.0.0/16"],
    ]);
    const memberTable = after("log-archive", "aws_glue_catalog_table").find((t) => t.name === "member_networks")!;
    expect((memberTable.storage_descriptor as { location: string }[])[0].location).toBe(`s3://${reference}/member-networks/`);
    for (const member of ["staging", "prod"]) {
      const flowLogs = after(member, "aws_flow_log").filter((f) => f.log_destination_type === "s3");
      expect(flowLogs.map((f) => f.log_destination)).toEqual([`arn:aws:s3:::${archive.bucketName}`]);
    }
  });

  test("the delivery watch as Terraform plans it: the function's package, its hourly rule, an alarm that counts no data as silence", () => {
    const [fn] = after("log-archive", "aws_lambda_function");
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", timeout: 300 });
    // The package is where the plan reads it (Terraform hashes the file at plan); its hash is the one configured.
    const file = path.join(outdir, "stacks", "log-archive", String(fn.filename));
    expect(createHash("sha256").update(fs.readFileSync(file)).digest("base64")).toBe(fn.source_code_hash);
    expect(after("log-archive", "aws_cloudwatch_event_rule").map((r) => r.schedule_expression)).toEqual(["rate(1 hour)"]);
    const alarm = after("log-archive", "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === "log-archive-silent-deliveries")!;
    expect(alarm).toMatchObject({ treat_missing_data: "breaching", threshold: 1, namespace: "NetworkMonitoring/log-archive" });
    expect(after("log-archive", "aws_sns_topic").map((t) => t.kms_master_key_id)).not.toContain(null);
  });

  test("destination objects as Terraform plans them: the team's group by reference is monitored by its name, known at plan", () => {
    const teamFilters = after(LIBRARY_PATHS, "aws_cloudwatch_log_metric_filter").filter((f) => String(f.name).startsWith("team-objects-"));
    expect(teamFilters.length).toBeGreaterThan(0);
    for (const f of teamFilters) expect(f.log_group_name).toBe(LIBRARY_TEAM_GROUP);
    expect(after(LIBRARY_PATHS, "aws_s3_bucket").map((b) => b.bucket)).toContain(LIBRARY_TEAM_BUCKET);
    expect(after(LIBRARY_PATHS, "aws_glue_catalog_table").map((t) => JSON.stringify(t.storage_descriptor))).toEqual(
      expect.arrayContaining([expect.stringContaining(`s3://${LIBRARY_TEAM_BUCKET}/`)]),
    );
  });

  test("the team's objects granted as Terraform plans them: the role's delivery policy, delivery in the bucket's and key's policies", () => {
    const rolePolicies = after(LIBRARY_PATHS, "aws_iam_role_policy").filter((p) =>
      String(p.name).startsWith(`deliver-flow-logs-${LIBRARY_GRANTED}-`),
    );
    expect(rolePolicies.map((p) => p.name)).toEqual([`deliver-flow-logs-${LIBRARY_GRANTED}-cloudwatch`]);
    const sids = (text: unknown) => (JSON.parse(String(text)) as { Statement: { Sid: string }[] }).Statement.map((st) => st.Sid);
    const bucketPolicies = after(LIBRARY_PATHS, "aws_s3_bucket_policy").map((p) => String(p.policy));
    const granted = bucketPolicies.filter((p) => p.includes(`${LIBRARY_GRANTED}-555555555555-archive`));
    expect(granted.map(sids)).toEqual([["DenyInsecureTransport", "AWSLogDeliveryWrite", "AWSLogDeliveryAclCheck"]]);
    const key = after(LIBRARY_PATHS, "aws_kms_key").find((k) => k.description === "The team's archive key")!;
    expect(sids(key.policy)).toEqual(["AccountAdministersKey", "LogDeliveryEncryptsForThisAccountOnly"]);
  });
});
