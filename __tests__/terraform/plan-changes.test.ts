/**
 * What a change does to deployed resources, judged by real Terraform without AWS: each
 * environment's state after an apply is simulated offline (tools/terraform
 * `simulateApply`), then a changed configuration is planned against it. Shows that a new
 * record format or destination replaces the flow log (delete, then create), that
 * `cdktf destroy` is refused in production and removes everything elsewhere, and that
 * `npm run plan:summary` turns these plans into the warnings a reviewer must see.
 * Skips with one line without Terraform; fails instead with REQUIRE_TERRAFORM=1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { EnvironmentConfig, LogArchiveConfig } from "../../constructs";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { withOwnArchive } from "../support/environment";
import { environments, APP_OPTIONS } from "../../environments";
import { DEFAULT_FORMAT_FIELDS } from "../../constructs/records/record-format";
import { NAMED_QUERIES, ORGANIZATION_QUERIES } from "../../constructs/athena/named-queries";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { LOG_ARCHIVE } from "../../environments/shared";
import { estimateStack } from "../../tools/cost";
import { usageOfStack } from "../../tools/cost/stacks";
import { costChanges, PLAN_NOTES, summarizePlan, summaryFromArguments } from "../../tools/plan-review/summary";
import {
  AWS_PROVIDER,
  describeSetup,
  findTerraform,
  pendingChanges,
  planCounts,
  simulateApply,
  TerraformPlan,
  TerraformState,
  TerraformWorkspace,
} from "../../tools/terraform";

const setup = findTerraform(AWS_PROVIDER);
const required = process.env.REQUIRE_TERRAFORM === "1";
if (!setup.ok && !required) process.stderr.write(`SKIPPED plan-change tests: ${setup.reason}\n`);
const suite = setup.ok || required ? describe : describe.skip;

/**
 * prod as it was before it moved to the organisation's archive: its own S3 archive live, with
 * Athena. The deployed state the changes below are planned against; the example prod of today
 * is one of them (the move).
 */
const prodBefore: EnvironmentConfig = withOwnArchive(prod);

/** prod with a record format of its own (AWS cannot change a flow log's format in place). */
const prodNewFormat: EnvironmentConfig = {
  ...prodBefore,
  flowLogs: {
    ...prodBefore.flowLogs,
    logFormat: [...DEFAULT_FORMAT_FIELDS, "flow-direction", "tcp-flags"],
  },
};

/** prod with its S3 archive in plain text instead of Parquet (a destination option). */
const prodPlainText: EnvironmentConfig = {
  ...prodBefore,
  flowLogs: {
    ...prodBefore.flowLogs,
    destinations: prodBefore.flowLogs.destinations.map((d) => (d.type === "s3" ? { ...d, fileFormat: "plain-text" as const } : d)),
  },
};

/** prod without its CloudWatch Logs destination (and so without the monitoring built on it). */
const prodS3Only: EnvironmentConfig = {
  ...prodBefore,
  flowLogs: { ...prodBefore.flowLogs, destinations: prodBefore.flowLogs.destinations.filter((d) => d.type === "s3") },
  // Nothing left to monitor: monitoring goes with the log group.
  monitoring: undefined,
};

/** prod with Athena taken off its archive (the workgroup, its queries and its results go; the archive stays). */
const prodNoAthena: EnvironmentConfig = {
  ...prodBefore,
  flowLogs: {
    ...prodBefore.flowLogs,
    destinations: prodBefore.flowLogs.destinations.map((d) => (d.type === "s3" ? { ...d, athena: false } : d)),
  },
};

/** dev with a NAT gateway and its flow-log group kept 60 days instead of 30: changes that cost money. */
const devCostlier: EnvironmentConfig = {
  ...dev,
  network: { ...dev.network, natGateways: "single" },
  flowLogs: { ...dev.flowLogs, destinations: [{ type: "cloud-watch-logs", retentionInDays: 60 }] },
};

/**
 * The organisation's members after qa joins (its own account, delivering 5 GB a day) and staging
 * leaves: what the log-archive stack is planned with against the archive as deployed today.
 */
const QA_ACCOUNT = "777777777777";
const membersChanged: EnvironmentConfig[] = [
  ...environments.filter((e) => e.name !== "staging"),
  {
    ...staging,
    name: "qa",
    accountId: QA_ACCOUNT,
    network: { ...staging.network, cidr: "10.40.0.0/16" },
    flowLogs: { ...staging.flowLogs, destinations: [{ type: "cloud-watch-logs" }, { type: "organization-archive" }] },
    usage: { flowLogGbPerDay: 5 },
  },
];

/**
 * The organisation's archive as deployed before the member VPCs' object moved to a bucket of
 * reference data: the object in the archive bucket, at the address it had then, and no
 * reference bucket; the table read it there.
 */
function archiveBeforeReferenceBucket(after: TerraformState): TerraformState {
  const isReference = (name: string) => name.startsWith("athena_reference_");
  const csv = after.resources.find((r) => r.type === "aws_s3_object" && r.name.startsWith("athena_member-networks-csv_"))!;
  const referenceBucket = String(csv.instances[0].attributes.bucket);
  const archiveBucket = APP_OPTIONS.logArchive!.bucketName;
  const moved = (text: string) => text.split(referenceBucket).join(archiveBucket);
  return {
    ...after,
    resources: after.resources
      .filter((r) => !isReference(r.name))
      .map((r) => {
        if (r === csv) {
          const [instance] = r.instances;
          const attributes = Object.fromEntries(
            Object.entries(instance.attributes).map(([k, v]) => [k, typeof v === "string" ? moved(v) : v]),
          );
          return { ...r, name: "athena_member-networks-object_A9F248D0", instances: [{ ...instance, attributes }] };
        }
        // What pointed at the reference bucket pointed at the archive (the table, the analysts' policy).
        return JSON.parse(moved(JSON.stringify(r))) as typeof r;
      }),
  };
}

suite(`plans of changes against a simulated deployed state (${describeSetup(setup)})`, () => {
  let outdir: string;
  const workspaces: TerraformWorkspace[] = [];
  const state: Record<string, TerraformState> = {};
  const plans: Record<string, TerraformPlan> = {};
  const texts: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const plansToSettle: Record<string, number> = {};

  /** A workspace on a synthesized stack folder, disposed of after the tests. */
  function workspaceOn(dir: string): TerraformWorkspace {
    if (!setup.ok) throw new Error(`REQUIRE_TERRAFORM=1 but ${setup.reason}`);
    const ws = new TerraformWorkspace(setup, dir);
    workspaces.push(ws);
    return ws;
  }

  function workspaceFor(environment: EnvironmentConfig, label: string): TerraformWorkspace {
    const app = new App({ outdir: path.join(outdir, label) });
    new NetworkMonitoringStack(app, { environment, logArchive: APP_OPTIONS.logArchive });
    app.synth();
    return workspaceOn(path.join(outdir, label, "stacks", environment.name));
  }

  /** A workspace for one stack of an app of these environments, synthesized (once per label) as the app does. */
  function appWorkspace(label: string, envs: EnvironmentConfig[], options: typeof APP_OPTIONS, stack: string): TerraformWorkspace {
    const dir = path.join(outdir, label);
    if (!fs.existsSync(dir)) {
      const app = new App({ outdir: dir });
      addEnvironmentStacks(app, envs, options);
      app.synth();
    }
    return workspaceOn(path.join(dir, "stacks", stack));
  }

  /** A workspace for an example environment, synthesized as the app does (the same stack the validate-and-plan tests plan). */
  const exampleWorkspace = (name: string) => appWorkspace("examples", environments, APP_OPTIONS, name);

  /** The log-archive stack of the app whose members changed (`membersChanged`). */
  const membersWorkspace = (label: string, logArchive: LogArchiveConfig) =>
    appWorkspace(label, membersChanged, { ...APP_OPTIONS, logArchive }, "log-archive");

  async function record(label: string, run: () => Promise<{ plan: TerraformPlan; text: string }>): Promise<void> {
    try {
      const { plan, text } = await run();
      plans[label] = plan;
      texts[label] = text;
    } catch (e) {
      errors[label] = (e as Error).message;
    }
  }

  beforeAll(async () => {
    if (!setup.ok) throw new Error(`REQUIRE_TERRAFORM=1 but ${setup.reason}`);
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-changes-"));
    const prodWs = workspaceFor(prodBefore, "prod-before");
    const devWs = exampleWorkspace("dev");
    const variants = {
      "prod-format": prodNewFormat,
      "prod-plain-text": prodPlainText,
      "prod-s3-only": prodS3Only,
      "prod-no-athena": prodNoAthena,
    };
    // Two lanes (the machines have 2 cores): prod's simulated apply in one, dev's in the other;
    // then both take the plans against prod's state from one queue.
    const prodApplied = (async () => {
      // The simulated apply's last plan is the unchanged config against the state it built.
      const applied = await simulateApply(prodWs);
      plansToSettle.prod = applied.plans;
      state.prod = applied.state;
      texts["prod-same"] = applied.settled?.text ?? "";
    })();
    const queue: (() => Promise<void>)[] = [
      () => record("prod-destroy", () => prodWs.plan({ state: state.prod, destroy: true })),
      // The example prod of today against the state of before: the move to the organisation's archive.
      () => record("prod-to-organization", () => exampleWorkspace("prod").plan({ state: state.prod })),
      // The organisation's archive as deployed (its first plan is the one the offline-plan tests
      // make), then qa joins and staging leaves; then the same with policies that list the accounts.
      async () => {
        const archiveWs = exampleWorkspace("log-archive");
        const applied = await simulateApply(archiveWs, { prove: false });
        state.archive = applied.state;
        state.archiveBefore = archiveBeforeReferenceBucket(state.archive);
        await record("archive-reference-bucket", () => archiveWs.plan({ state: state.archiveBefore }));
        await record("archive-members", () => membersWorkspace("members", LOG_ARCHIVE).plan({ state: state.archive }));
        // Staging leaves and prod is the last member, with policies that list the accounts (one plan, two questions).
        const lastMember = environments.filter((e) => e.name !== "staging");
        await record("archive-last-member-listed", () =>
          appWorkspace(
            "last-member-listed",
            lastMember,
            { ...APP_OPTIONS, logArchive: { ...LOG_ARCHIVE, organizationId: undefined } },
            "log-archive",
          ).plan({
            state: state.archive,
          }),
        );
      },
      ...Object.entries(variants).map(
        ([label, environment]) =>
          () =>
            record(label, () => workspaceFor(environment, label).plan({ state: state.prod })),
      ),
    ];
    const lane = async () => {
      await prodApplied;
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    };
    await Promise.all([
      lane(),
      (async () => {
        // Its first plan is the one against an empty state. The destroy plan needs only the
        // resources in the state, so dev's state is not proven by a second plan (prod's is).
        const applied = await simulateApply(devWs, { prove: false });
        plansToSettle.dev = applied.plans;
        state.dev = applied.state;
        await record("dev-empty", () => Promise.resolve(applied.first));
        await record("dev-destroy", () => devWs.plan({ state: state.dev, destroy: true }));
        await record("dev-costlier", () => workspaceFor(devCostlier, "dev-costlier").plan({ state: state.dev }));
        await lane();
      })(),
    ]);
  });

  afterAll(() => {
    for (const ws of workspaces) ws.dispose();
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  const planOf = (label: string): TerraformPlan => {
    if (errors[label]) throw new Error(errors[label]);
    return plans[label];
  };

  test("the simulated apply settles in two plans: one that creates everything, one that finds nothing left to do", () => {
    // References are copied within a round, as an apply would; each further round would be a
    // plan of about 5 s repeated for nothing.
    expect(plansToSettle).toEqual({ prod: 2, dev: 1 });
  });

  test("the simulated state is faithful: the unchanged config plans no change", () => {
    expect(state.prod.resources.length).toBe(94);
    // `plan -detailed-exitcode` exited 0 (no change), and Terraform says so.
    expect(texts["prod-same"]).toContain("No changes. Your infrastructure matches the configuration.");
  });

  test("a new record format replaces both flow logs, delete first, and touches nothing else that holds data", () => {
    const plan = planOf("prod-format");
    const replaced = pendingChanges(plan).filter((rc) => rc.change.actions.includes("delete"));
    // The verdict queries read the fields the format has (flags, flow-direction, the packets'
    // own addresses), and a named query is replaced, never updated: they hold no data.
    expect(replaced.map((rc) => [rc.type, rc.change.actions, rc.action_reason])).toEqual([
      ["aws_athena_named_query", ["delete", "create"], "replace_because_cannot_update"],
      ["aws_athena_named_query", ["delete", "create"], "replace_because_cannot_update"],
      ["aws_flow_log", ["delete", "create"], "replace_because_cannot_update"],
      ["aws_flow_log", ["delete", "create"], "replace_because_cannot_update"],
    ]);
    expect(
      replaced
        .filter((rc) => rc.type === "aws_athena_named_query")
        .map((rc) => rc.address.replace(/^aws_athena_named_query\.athena_query-|_[0-9A-F]{8}$/g, ""))
        .sort(),
    ).toEqual(["refused-conversations-by-layer", "verdicts-by-interface"]);
    // The rest follows the format: metric-filter patterns, saved queries and the dashboard's
    // log widgets, updated in place.
    const others = new Set(
      pendingChanges(plan)
        .filter((rc) => !replaced.includes(rc))
        .map((rc) => `${rc.type}:${rc.change.actions.join("+")}`),
    );
    // The Athena table's columns follow the format: updated in place, no data touched.
    expect([...others].sort()).toEqual([
      "aws_cloudwatch_dashboard:update",
      "aws_cloudwatch_log_metric_filter:update",
      "aws_cloudwatch_query_definition:update",
      "aws_glue_catalog_table:update",
    ]);
    expect(texts["prod-format"]).toMatch(/# aws_flow_log\.flow-logs_vpc-to-cloudwatch_\w+ must be replaced/);
    expect(texts["prod-format"]).toMatch(/log_format\s+= .* # forces replacement/);
  });

  test("a destination option replaces only that destination's flow log", () => {
    const plan = planOf("prod-plain-text");
    expect(pendingChanges(plan).map((rc) => [rc.address.replace(/_[0-9A-F]{8}$/, ""), rc.change.actions])).toEqual([
      ["aws_flow_log.flow-logs_vpc-to-s3", ["delete", "create"]],
      // The Athena table reads the new file format: its SerDe changes in place.
      ["aws_glue_catalog_table.athena_vpc-table", ["update"]],
    ]);
  });

  test("prod moves to the organisation's archive: its flow log replaced in place (deleted first); its bucket, key and Athena kept in AWS and forgotten; nothing else changes", () => {
    const plan = planOf("prod-to-organization");
    const changes = pendingChanges(plan);
    const strip = (a: string) => a.replace(/_[0-9A-F]{8}$/, "");
    // The old flow log is the archive's now (a moved block): one replacement, delete first, so the
    // VPC never holds three flow logs (AWS allows two).
    const replaced = changes.filter((rc) => rc.change.actions.includes("delete"));
    expect(replaced.map((rc) => [strip(rc.address), strip(rc.previous_address ?? ""), rc.change.actions])).toEqual([
      ["aws_flow_log.flow-logs_vpc-to-organization-archive", "aws_flow_log.flow-logs_vpc-to-s3", ["delete", "create"]],
    ]);
    expect(replaced[0].change.after).toMatchObject({ log_destination: `arn:aws:s3:::${APP_OPTIONS.logArchive!.bucketName}` });
    // Everything of the old archive is forgotten, none deleted: the bucket and its key (prevent_destroy), its
    // policy, lifecycle and encryption, the Athena table, workgroup, queries and results.
    const forgotten = changes.filter((rc) => rc.change.actions.includes("forget"));
    expect(forgotten.every((rc) => rc.change.actions.length === 1)).toBe(true);
    const before = state.prod.resources.map((r) => `${r.type}.${r.name}`);
    const oldArchive = before.filter((a) => /flow-logs_s3_|athena_/.test(a));
    expect(forgotten.map((rc) => rc.address).sort()).toEqual(oldArchive.sort());
    expect(forgotten.map((rc) => strip(rc.address))).toEqual(
      expect.arrayContaining([
        "aws_s3_bucket.flow-logs_s3_bucket",
        "aws_kms_key.flow-logs_s3_kms_key",
        "aws_glue_catalog_table.athena_vpc-table",
      ]),
    );
    expect(changes.filter((rc) => !replaced.includes(rc) && !forgotten.includes(rc))).toEqual([]);
    expect(texts["prod-to-organization"]).toMatch(/will no longer be managed by Terraform/);
  });

  test("an archive deployed before the reference bucket: its member VPCs' object is forgotten in the locked archive, never deleted; the reference bucket and a new object are created", () => {
    const changes = pendingChanges(planOf("archive-reference-bucket"));
    const strip = (a: string) => a.replace(/_[0-9A-F]{8}$/, "");
    const by = (action: string) =>
      changes
        .filter((rc) => rc.change.actions.join("+") === action)
        .map((rc) => strip(rc.address))
        .sort();
    expect(changes.filter((rc) => rc.change.actions.includes("delete"))).toEqual([]);
    expect(by("forget")).toEqual(["aws_s3_object.athena_member-networks-object"]);
    expect(by("create")).toEqual(
      [
        "aws_s3_bucket.athena_reference_bucket",
        "aws_s3_bucket_lifecycle_configuration.athena_reference_lifecycle",
        "aws_s3_bucket_ownership_controls.athena_reference_ownership",
        "aws_s3_bucket_policy.athena_reference_policy",
        "aws_s3_bucket_public_access_block.athena_reference_public-access-block",
        "aws_s3_bucket_server_side_encryption_configuration.athena_reference_encryption",
        "aws_s3_bucket_versioning.athena_reference_versioning",
        "aws_s3_object.athena_member-networks-csv",
      ].sort(),
    );
    // The table reads the new object, and the analysts may read it there.
    expect(by("update")).toEqual(["aws_glue_catalog_table.athena_member-networks-table", "aws_iam_policy.athena_analyst-policy"]);
    const table = changes.find((rc) => rc.type === "aws_glue_catalog_table")!;
    const location = (v: unknown) => (v as { storage_descriptor: { location: string }[] }).storage_descriptor[0].location;
    expect(location(table.change.before)).toBe(`s3://${APP_OPTIONS.logArchive!.bucketName}/member-networks/`);
    expect(location(table.change.after)).toMatch(/^s3:\/\/log-archive-\d{12}-[a-z0-9-]+-athena-reference\/member-networks\/$/);
    expect(texts["archive-reference-bucket"]).toMatch(/will no longer be managed by Terraform/);
  });

  test("the last two members become one: the member VPCs' object and table deleted, in the reference bucket, never in the locked archive", () => {
    const changes = pendingChanges(planOf("archive-last-member-listed"));
    const strip = (a: string) => a.replace(/_[0-9A-F]{8}$/, "");
    // The verdict queries read the fields the table has, which follow its members: replaced (a
    // named query is never updated; it holds no data). Everything else that goes is deleted.
    const verdictQuery = (rc: { type: string; address: string }) =>
      rc.type === "aws_athena_named_query" && /-(refused-conversations-by-layer|verdicts-by-account)$/.test(strip(rc.address));
    const replacedQueries = changes.filter((rc) => rc.change.actions.join() === "delete,create");
    expect(replacedQueries.map((rc) => strip(rc.address)).sort()).toEqual([
      "aws_athena_named_query.athena_query-refused-conversations-by-layer",
      "aws_athena_named_query.athena_query-verdicts-by-account",
    ]);
    expect(replacedQueries.every(verdictQuery)).toBe(true);
    const deleted = changes.filter((rc) => rc.change.actions.includes("delete") && !replacedQueries.includes(rc));
    expect(deleted.every((rc) => rc.change.actions.join() === "delete")).toBe(true);
    const of = (type: string) =>
      deleted
        .filter((rc) => rc.type === type)
        .map((rc) => strip(rc.address))
        .sort();
    expect(of("aws_s3_object")).toEqual(["aws_s3_object.athena_member-networks-csv"]);
    const object = deleted.find((rc) => rc.type === "aws_s3_object")!;
    expect((object.change.before as { bucket: string }).bucket).toMatch(/-athena-reference$/);
    expect(of("aws_glue_catalog_table")).toEqual(["aws_glue_catalog_table.athena_member-networks-table"]);
    // The query that joins them goes; so do those needing a field only staging logged (prod logs the default format).
    const queries = of("aws_athena_named_query").map((a) => a.replace("aws_athena_named_query.athena_query-", ""));
    expect(queries).toContain("traffic-between-member-vpcs");
    const specs = new Map([...NAMED_QUERIES, ...ORGANIZATION_QUERIES].map((q) => [q.id, q]));
    for (const id of queries.filter((q) => q !== "traffic-between-member-vpcs")) {
      expect(specs.get(id)!.needs.some((field) => !(DEFAULT_FORMAT_FIELDS as readonly string[]).includes(field))).toBe(true);
    }
    expect(
      deleted.map((rc) => rc.type).filter((t) => !["aws_s3_object", "aws_glue_catalog_table", "aws_athena_named_query"].includes(t)),
    ).toEqual([]);
    // Nothing else is deleted or replaced: the reference bucket stays for when a member joins.
    expect(
      changes.filter((rc) => !deleted.includes(rc) && !replacedQueries.includes(rc)).every((rc) => rc.change.actions.join() === "update"),
    ).toBe(true);
  });

  test("a member joins and another leaves the organisation's archive: the table's accounts, the member VPCs' object and the delivery watch change in place, nothing else; plan:summary prices the members' deliveries before and after", () => {
    const plan = planOf("archive-members");
    const changes = pendingChanges(plan);
    // With the organisation's id, no policy names an account: only what lists the members changes.
    // (The object-lock configuration, whose token is sensitive, stays unchanged only because the
    // simulated state keeps sensitive paths as Terraform does: without them it was planned as updated.)
    // The delivery watch follows the members: its package (the deliveries it watches) and the prefixes it may list.
    expect(changes.map((rc) => [rc.type, rc.change.actions])).toEqual([
      ["aws_glue_catalog_table", ["update"]],
      ["aws_iam_role_policy", ["update"]],
      ["aws_lambda_function", ["update"]],
      ["aws_s3_object", ["update"]],
    ]);
    const accounts = (values: unknown) =>
      ((values as { parameters: Record<string, string> }).parameters["projection.aws_account.values"] ?? "").split(",").sort();
    const table = changes.find((rc) => rc.type === "aws_glue_catalog_table")!;
    expect(accounts(table.change.before)).toEqual([prod.accountId, staging.accountId].sort());
    expect(accounts(table.change.after)).toEqual([prod.accountId, QA_ACCOUNT].sort());
    const csv = changes.find((rc) => rc.type === "aws_s3_object")!;
    expect((csv.change.before as { content: string }).content).toContain(staging.accountId);
    expect((csv.change.after as { content: string }).content).toContain(QA_ACCOUNT);
    expect((csv.change.after as { content: string }).content).not.toContain(staging.accountId);
    // The summary prices the deliveries: after, as the synthesized stack records its members;
    // before, the members the deployed table lists (staging, gone from the config, at the default usage).
    const s = summarizePlan("log-archive", plan, usageOfStack(path.join(outdir, "members", "stacks"), "log-archive"));
    expect(s.counts).toEqual({ add: 0, change: 4, destroy: 0, replace: 0 });
    if ("error" in s.cost) throw new Error(s.cost.error);
    const cost = s.cost;
    const stackOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(outdir, dir, "stacks", "log-archive", "cdk.tf.json"), "utf8"));
    expect(cost.after.total).toBeCloseTo(estimateStack("log-archive", stackOf("members")).total, 6);
    expect(cost.before.total).toBeCloseTo(estimateStack("log-archive", stackOf("examples")).total, 6);
    // qa delivers 5 GB a day where staging delivered 1: the archive's storage grows, nothing else.
    expect(cost.change).toBeGreaterThan(0);
    expect(new Set(costChanges(cost).map((c) => c.address.replace(/_[0-9A-F]{8}$/, "")))).toEqual(
      new Set(["aws_s3_bucket.archive_bucket"]),
    );
  });

  test("without the organisation's id, the bucket and key policies list the accounts: they too change in place when members change", () => {
    // Planned against the archive deployed with the organisation's id, so the policies trade its
    // condition for the account list; what matters is how Terraform changes them (staging leaves).
    const changes = pendingChanges(planOf("archive-last-member-listed"));
    const updated = changes.filter((rc) => rc.change.actions.join() === "update").map((rc) => rc.type);
    expect([...new Set(updated)].sort()).toEqual([
      "aws_glue_catalog_table",
      // The analyst policy no longer names the member VPCs' table.
      "aws_iam_policy",
      // The analysts' role trusts them within the organisation only when its id is given.
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_kms_key",
      "aws_lambda_function",
      "aws_s3_bucket_policy",
    ]);
    for (const type of ["aws_s3_bucket_policy", "aws_kms_key"]) {
      const policy = String((changes.find((rc) => rc.type === type)!.change.after as { policy: string }).policy);
      expect(policy).toContain(prod.accountId);
      expect(policy).not.toContain(staging.accountId);
    }
  });

  test("cdktf destroy prod is refused before anything is removed, naming every protected resource", () => {
    expect(plans["prod-destroy"]).toBeUndefined();
    const error = errors["prod-destroy"];
    const refused = [...error.matchAll(/Resource (\S+) has\s+lifecycle\.prevent_destroy set/g)]
      .map((m) => m[1].replace(/_[0-9A-F]{8}$/, ""))
      .sort();
    expect(refused).toEqual([
      "aws_cloudwatch_log_group.flow-logs_cloudwatch_log-group",
      "aws_kms_key.flow-logs_cloudwatch_kms_key",
      "aws_kms_key.flow-logs_s3_kms_key",
      "aws_s3_bucket.flow-logs_s3_bucket",
    ]);
  });

  test("Athena taken off: the workgroup (with its named queries and history) and the results bucket (emptied) go; the archive is untouched", () => {
    const changes = pendingChanges(planOf("prod-no-athena"));
    // Every change is a delete, and none touches the archive bucket, its key or the flow logs.
    expect(new Set(changes.flatMap((rc) => rc.change.actions))).toEqual(new Set(["delete"]));
    const deleted = changes.map((rc) => rc.address.replace(/_[0-9A-F]{8}$/, ""));
    expect(deleted.filter((a) => /flow-logs_s3|aws_flow_log/.test(a))).toEqual([]);
    // DeleteWorkGroup refuses a workgroup with named queries or history unless recursive: force_destroy.
    const workgroup = changes.find((rc) => rc.type === "aws_athena_workgroup")!;
    expect(workgroup.change.before).toMatchObject({ name: "prod-flow-logs", force_destroy: true });
    // The results bucket is emptied rather than stopping the apply with BucketNotEmpty.
    const results = changes.find((rc) => rc.type === "aws_s3_bucket")!;
    expect(results.change.before).toMatchObject({ bucket: "prod-333333333333-ap-northeast-1-athena-results", force_destroy: true });
    expect(changes.filter((rc) => rc.type === "aws_athena_named_query")).toHaveLength(13);
    // Its key is scheduled for deletion (results are disposable), and the summary says so.
    expect(summarizePlan("prod", planOf("prod-no-athena")).warnings).toContainEqual(
      expect.stringMatching(/^KMS key `aws_kms_key\.athena_results-key_\w+` is \*\*scheduled for deletion\*\*/),
    );
  });

  test("a production log group taken out of the config leaves the state only (skip_destroy); the summary warns that its key would be deleted", () => {
    // prevent_destroy lives in the resource's config, so it goes with it; skip_destroy is in
    // the state, so the delete removes the log group from state and keeps it in AWS.
    const plan = planOf("prod-s3-only");
    const group = pendingChanges(plan).find((rc) => rc.type === "aws_cloudwatch_log_group")!;
    expect(group.change.actions).toEqual(["delete"]);
    expect(group.change.before).toMatchObject({ name: "/network-monitoring/prod/vpc-flow-logs", skip_destroy: true });
    const warnings = summarizePlan("prod", plan).warnings;
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^log group `aws_cloudwatch_log_group\.\S+` is \*\*destroyed\*\* from state; `skip_destroy` keeps it and its records in AWS$/,
      ),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^KMS key `aws_kms_key\.flow-logs_cloudwatch_kms_key_\w+` is \*\*scheduled for deletion\*\* in 30 days/),
    );
  });

  test("cdktf destroy dev (not production) removes every resource it created", () => {
    const plan = planOf("dev-destroy");
    expect(planCounts(plan)).toEqual({ add: 0, change: 0, destroy: state.dev.resources.length });
    expect(state.dev.resources.length).toBe(40);
  });

  describe("plan:summary on these plans", () => {
    test("an offline plan of a new environment: all adds, no warning", () => {
      const s = summarizePlan("dev", planOf("dev-empty"));
      expect(s.counts).toEqual({ add: 40, change: 0, destroy: 0, replace: 0 });
      expect(s.warnings).toEqual([]);
    });

    test("a replacement: counted once as a replacement, loudly warned, first in the table", () => {
      const s = summarizePlan("prod", planOf("prod-format"));
      const updates = pendingChanges(planOf("prod-format")).filter((rc) => rc.change.actions.join() === "update").length;
      // The two flow logs and the two verdict queries, which read the format's fields.
      expect(s.counts).toEqual({ add: 0, change: updates, destroy: 0, replace: 4 });
      expect(s.warnings).toHaveLength(2);
      for (const w of s.warnings)
        expect(w).toMatch(/^flow log `aws_flow_log\.\S+` is \*\*replaced\*\* \(deleted, then created\): no flow logs are recorded/);
      expect(s.rows.slice(0, 2).map((r) => [r.action, r.type, r.order])).toEqual([
        ["replace", "aws_flow_log", "delete, then create"],
        ["replace", "aws_flow_log", "delete, then create"],
      ]);
    });

    test("a destroy: every guarded resource warned, with what happens to it", () => {
      const s = summarizePlan("dev", planOf("dev-destroy"));
      expect(s.counts).toEqual({ add: 0, change: 0, destroy: 40, replace: 0 });
      const kinds = s.warnings.map((w) => w.split(" `")[0]).sort();
      expect(kinds).toEqual(["KMS key", "flow log", "log group"]);
      expect(s.warnings.find((w) => w.startsWith("KMS key"))).toContain("scheduled for deletion** in 30 days");
    });

    test("the cost of a plan that adds a NAT gateway and doubles retention: before → after, and what changes it", () => {
      const s = summarizePlan("dev", planOf("dev-costlier"));
      if ("error" in s.cost) throw new Error(s.cost.error);
      // dev's usage is the defaults: 1 GB of records a day, stored compressed at 0.15; 10 GB a day
      // through NAT. ap-northeast-1: NAT $0.062 an hour and per GB, a public IPv4 address
      // $0.005 an hour, log storage $0.033 per GB-month.
      const expected = {
        "aws_nat_gateway nat-gateway-hour": 730 * 0.062,
        "aws_nat_gateway nat-gateway-gb": ((10 * 365) / 12) * 0.062,
        "aws_eip public-ipv4-hour": 730 * 0.005,
        // 30 more days of 1 GB a day, stored compressed at 0.15, held at steady state.
        "aws_cloudwatch_log_group logs-storage": 30 * 0.15 * 0.033,
      };
      expect(s.cost.change).toBeCloseTo(
        Object.values(expected).reduce((a, b) => a + b),
        6,
      );
      const changes = costChanges(s.cost);
      expect(Object.fromEntries(changes.map((c) => [`${c.address.split(".")[0]} ${c.item}`, c.after - c.before]))).toEqual(
        Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, expect.closeTo(v, 6)])),
      );
      // Before is what dev costs deployed: the same estimate as its synthesized stack's.
      expect(s.cost.before.total).toBeCloseTo(estimateStack("dev", exampleWorkspace("dev").stack).total, 9);
    });

    test("the cost of the plans above: a new environment costs all of it, a replaced flow log nothing more, a destroy everything back", () => {
      const cost = (env: string, label: string) => {
        const c = summarizePlan(env, planOf(label)).cost;
        if ("error" in c) throw new Error(c.error);
        return c;
      };
      const created = cost("dev", "dev-empty");
      expect(created.before.total).toBe(0);
      expect(created.after.total).toBeCloseTo(estimateStack("dev", exampleWorkspace("dev").stack).total, 9);
      expect(cost("dev", "dev-destroy").change).toBeCloseTo(-created.after.total, 9);
      expect(cost("prod", "prod-format").change).toBeCloseTo(0, 9);
      // Without the CloudWatch Logs destination: no delivery there, no storage, no metrics.
      const s3Only = cost("prod", "prod-s3-only");
      expect(s3Only.change).toBeLessThan(0);
      expect(s3Only.after.lines.some((l) => l.item === "vended-logs-cloudwatch")).toBe(false);
    });

    test("the command line: sections per environment, a note, and the banner naming the environment at risk", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-summary-"));
      try {
        fs.writeFileSync(path.join(dir, "plan-dev.json"), JSON.stringify(planOf("dev-empty")));
        fs.writeFileSync(path.join(dir, "p.json"), JSON.stringify(planOf("prod-format")));
        // The example stacks synthesized above: the usage each records prices its plan.
        const md = summaryFromArguments([
          "--stacks",
          path.join(outdir, "examples", "stacks"),
          "--title",
          "Plans of #12",
          path.join(dir, "plan-dev.json"),
          "--note",
          "Against the deployed state.",
          `prod=${path.join(dir, "p.json")}`,
        ]);
        expect(md.split("\n")[0]).toBe("## Plans of #12");
        expect(md).toContain("**⚠️ Flow-log data at risk in `prod`: read the warnings below before merging.**");
        expect(md).toContain("### `dev`: 40 to add, 0 to change, 0 to destroy, 0 to replace");
        expect(md).toMatch(
          /### `prod`: 0 to add, \d+ to change, 0 to destroy, 4 to replace\n\nAgainst the deployed state\.\n\n> \[!CAUTION\]/,
        );
        expect(md.match(/^\| 🔁 replace \(delete, then create\) \| `aws_flow_log\./gm)).toHaveLength(2);
        // Each section prices the plan: dev from nothing, prod's replaced flow logs at no change.
        expect(md).toMatch(
          /\*\*Monthly cost:\*\* \$0\.00 → \$[\d,]+\.\d\d \(\*\*\+\$[\d,]+\.\d\d\*\* a month; usage: the environment's config; prices read \d{4}-\d{2}-\d{2}/,
        );
        expect(md).toMatch(/\*\*Monthly cost:\*\* (\$[\d,]+\.\d\d) → \1 \(\*\*\$0\.00\*\* a month/);
        expect(() => summaryFromArguments([path.join(dir, "missing.json")])).toThrow(/ENOENT/);

        // --dir, as CI runs it: a real plan (<env>.real.json) wins over the offline one.
        const plansDir = path.join(dir, "plans");
        fs.mkdirSync(plansDir);
        fs.writeFileSync(path.join(plansDir, "dev.json"), JSON.stringify(planOf("dev-empty")));
        fs.writeFileSync(path.join(plansDir, "prod.json"), JSON.stringify(planOf("dev-empty")));
        fs.writeFileSync(path.join(plansDir, "prod.real.json"), JSON.stringify(planOf("prod-format")));
        const ci = summaryFromArguments(["--marker", "network-monitoring-plan", "--dir", plansDir]);
        expect(ci.split("\n")[0]).toBe("<!-- network-monitoring-plan -->");
        expect(ci).toContain(`### \`dev\`: 40 to add, 0 to change, 0 to destroy, 0 to replace\n\n${PLAN_NOTES.offline}`);
        expect(ci).toMatch(/### `prod`: 0 to add, \d+ to change, 0 to destroy, 4 to replace\n\nReal plan against the deployed state/);
        fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(state.dev));
        expect(() => summaryFromArguments([path.join(dir, "state.json")])).toThrow(
          /is not the output of `terraform show -json <planfile>`/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
