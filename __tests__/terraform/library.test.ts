/**
 * Reuse as a library: the constructs one by one (flow logs and monitoring on an existing VPC),
 * and the package as a consumer gets it: `npm pack`, installed into a copy of
 * examples/platform-team (a separate CDKTF app), compiled against the packed types and
 * synthesized.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Aspects, Testing, TerraformStack } from "cdktf";
import { VpcFlowLogMonitoring, type VpcFlowLogMonitoringConfig } from "../../constructs";
import { SecurityRules } from "../../constructs/guardrails/security-rules";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { USAGE_DEFAULTS } from "../../constructs/config/defaults";
import { environments } from "../../environments";
import { estimateStack } from "../../tools/cost";
import { problemsOf, resource, resources, synthEnvironment, TfJson, writtenJson } from "../support/helpers";
import { constructFilesLoaded, writeLoadProbe } from "../support/load-probe";
import { distBuilt } from "../support/build";

const root = path.join(__dirname, "..", "..");

const existing: VpcFlowLogMonitoringConfig = {
  name: "team-a",
  accountId: "777777777777",
  region: "eu-west-1",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations: [{ type: "cloud-watch-logs", retentionInDays: 90 }] },
  monitoring: { alarmEmails: ["team-a@example.com"] },
};

function synthIn(build: (stack: TerraformStack) => void): TfJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "consumer");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("VpcFlowLogMonitoring: flow logs and monitoring on an existing VPC", () => {
  test("on a VPC id: the flow log, its log group and role, queries, filters, alarms, topic and dashboard; no network", () => {
    const json = synthIn((stack) => new VpcFlowLogMonitoring(stack, "vpc-flow-logs", existing));
    expect(resource(json, "aws_flow_log")).toMatchObject({
      vpc_id: "vpc-0a1b2c3d4e5f60718",
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    expect(resource(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/network-monitoring/team-a/vpc-flow-logs",
      retention_in_days: 90,
    });
    expect(resources(json, "aws_cloudwatch_query_definition")).toHaveLength(8);
    expect(resources(json, "aws_cloudwatch_log_metric_filter")).toHaveLength(4);
    expect(
      resources(json, "aws_cloudwatch_metric_alarm")
        .map(([, a]) => a.alarm_name)
        .sort(),
    ).toEqual(["team-a-network-rejected-flows", "team-a-network-rejected-remote-access", "team-a-network-skipdata-records"]);
    for (const type of ["aws_vpc", "aws_subnet", "aws_internet_gateway"]) expect(resources(json, type)).toEqual([]);
  });

  test("on a VPC of the same stack, by reference", () => {
    const json = synthIn((stack) => {
      const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.9.0.0/16" });
      new VpcFlowLogMonitoring(stack, "vpc-flow-logs", { ...existing, vpcId: vpc.id });
    });
    expect(resource(json, "aws_flow_log").vpc_id).toMatch(/^\$\{aws_vpc\.vpc(_[0-9A-F]{8})?\.id\}$/);
  });

  test("the security rule pack runs on the consumer's stack and passes", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "consumer");
    const rules = new SecurityRules({ production: false });
    Aspects.of(stack).add(rules);
    new AwsProvider(stack, "aws", { region: existing.region, allowedAccountIds: [existing.accountId] });
    new VpcFlowLogMonitoring(stack, "vpc-flow-logs", existing);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
    expect(rules.findings).toEqual([]);
  });

  test.each([
    {
      name: "a VPC id of the wrong shape",
      change: { vpcId: "vpc-123" },
      expected: 'vpcId = "vpc-123": expected a VPC id such as vpc-0123456789abcdef0',
    },
    { name: "no VPC id", change: { vpcId: undefined }, expected: "vpcId = undefined (missing)" },
    { name: "a network (the VPC exists already)", change: { network: { cidr: "10.0.0.0/16" } }, expected: "network = " },
    { name: "a short account id", change: { accountId: "12345" }, expected: 'accountId = "12345": expected a 12-digit AWS account id' },
    { name: "no destination", change: { flowLogs: { ...existing.flowLogs, destinations: [] } }, expected: "flowLogs.destinations = []" },
  ])("$name is refused at synth, naming field and value", ({ change, expected }) => {
    const message = problemsOf(() =>
      synthIn((stack) => new VpcFlowLogMonitoring(stack, "x", { ...existing, ...change } as VpcFlowLogMonitoringConfig)),
    );
    expect(message).toContain('VpcFlowLogMonitoring config "team-a"');
    expect(message).toContain(expected);
  });
});

const PEERS = ["cdktf", "constructs", "@cdktf/provider-aws"];

/** The version of a package this project installed. */
const installedVersion = (name: string): string =>
  JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;

/** A copy of examples/platform-team at `app`, its package.json as `edit` leaves it. */
function copyExample(app: string, edit: (pkg: any) => void): void {
  fs.cpSync(path.join(root, "examples", "platform-team"), app, {
    recursive: true,
    filter: (src) => !/node_modules|cdktf\.out|dist/.test(path.relative(root, src)),
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
  edit(pkg);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(pkg, null, 2));
}

/** Installs the app at `app`, builds it and runs it as `cdktf synth` runs it (its stacks in `app`/cdktf.out). */
function installAndSynth(app: string): void {
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, {
      cwd: app,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 240_000,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"]);
  run(path.join(root, "node_modules", ".bin", "tsc"), ["-p", "."]);
  run("node", ["dist/main.js"]);
}

describe("the packed package in a separate app (examples/platform-team)", () => {
  let tmp: string;
  let tarball: string;
  let files: string[];
  let exampleDependency: string;
  let exampleDevDependencies: string[];

  beforeAll(async () => {
    await distBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nm-pack-"));
    // What prepack does before its build: compiled files whose source is gone leave dist/.
    // A stale one is planted first, as a removed environment's would be.
    fs.writeFileSync(path.join(root, "dist", "environments", "removed-env.js"), "exports.x = 1;\n");
    execFileSync(process.execPath, [path.join(root, "scripts", "prune-dist.js")], { cwd: root, stdio: "pipe" });
    const packed = JSON.parse(
      // dist/ is current (distBuilt): the prepack build would only check that again.
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      }),
    ) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(tmp, packed[0].filename);
    files = packed[0].files.map((f) => f.path).sort();

    const app = path.join(tmp, "platform-team");
    copyExample(app, (pkg) => {
      exampleDependency = pkg.dependencies["vpc-flow-log-monitoring"];
      exampleDevDependencies = Object.keys(pkg.devDependencies);
      pkg.dependencies["vpc-flow-log-monitoring"] = `file:${tarball}`;
      // The example's other dependencies, at the versions this project pins, linked from this
      // project's node_modules instead of unpacked again (the AWS provider alone is 360 MB).
      for (const deps of ["dependencies", "devDependencies"] as const) {
        for (const name of Object.keys(pkg[deps]).filter((n) => n !== "vpc-flow-log-monitoring")) {
          // An alias (`npm:cdktn@0.24.0`, as the CDK Terrain variant pins cdktf) is its version.
          expect([name, installedVersion(name)]).toEqual([name, String(pkg[deps][name]).replace(/^npm:(@?[^@]+)@/, "")]);
          pkg[deps][name] = `file:${path.join(root, "node_modules", name)}`;
        }
      }
    });
    installAndSynth(app);
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const appDir = () => path.join(tmp, "platform-team");
  const stackJson = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(appDir(), "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8")) as TfJson;

  test("the tarball holds the compiled library, its types and the example environments; nothing else", () => {
    expect(files).toContain("dist/constructs/index.js");
    expect(files).toContain("dist/constructs/index.d.ts");
    expect(files).toContain("dist/environments/index.js");
    expect(files).toContain("CHANGELOG.md");
    expect(files).toContain("schema/environment.schema.json");
    const outside = files.filter(
      (f) =>
        !/^dist\/(constructs|analysis|environments)\/([\w-]+\/)*[\w.-]+\.(js|d\.ts)$/.test(f) &&
        // docs/report.png: the README's picture of a report, which the README in the tarball shows.
        !["package.json", "README.md", "CHANGELOG.md", "schema/environment.schema.json", "docs/report.png"].includes(f) &&
        // The documentation pages README links to, and the API reports the library page links to.
        !/^docs\/([\w-]+|api\/[\w-]+\.api)\.md$/.test(f),
    );
    expect(outside).toEqual([]);
    // Every compiled file has its source: nothing a removed source left behind.
    const orphans = files.filter(
      (f) => /\.(js|d\.ts)$/.test(f) && !fs.existsSync(path.join(root, f.slice("dist/".length).replace(/\.(js|d\.ts)$/, ".ts"))),
    );
    expect(orphans).toEqual([]);
  });

  test("README and the pages in the tarball link only to what the tarball holds", () => {
    const pages = files.filter((f) => /^(README|docs\/[\w-]+)\.md$/.test(f));
    expect(pages).toEqual(expect.arrayContaining(["README.md", "docs/explain-and-report.md", "docs/configuration.md"]));
    const missing = pages.flatMap((page) =>
      [...fs.readFileSync(path.join(root, page), "utf8").matchAll(/\]\(([^)]+)\)/g)]
        .map((m) => m[1].replace(/#.*$/, ""))
        .filter((l) => l !== "" && !/^(https?:|mailto:)/.test(l))
        .map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(page), l)))
        .filter((l) => !files.includes(l))
        .map((l) => `${page}: ${l}`),
    );
    expect(missing).toEqual([]);
  });

  test("cdktf, constructs and the AWS provider are peers: one copy of each in the consumer", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@cdktf/provider-aws", "cdktf", "constructs"]);
    // Runtime dependencies of its own, each loaded only when needed: the YAML reader of
    // environment files, the Parquet reader of the explain command, and the report's charts.
    expect(pkg.dependencies ?? {}).toEqual({ hyparquet: "1.33.0", vega: "6.4.0", "vega-lite": "6.4.1", yaml: "2.9.1" });
    // The package resolves each peer to the app's own copy: one copy, one set of types.
    const installed = path.join(appDir(), "node_modules", "vpc-flow-log-monitoring");
    const resolvedFrom = (dir: string, name: string) => fs.realpathSync(require.resolve(`${name}/package.json`, { paths: [dir] }));
    for (const name of PEERS) {
      expect([name, fs.existsSync(path.join(installed, "node_modules", name))]).toEqual([name, false]);
      expect([name, resolvedFrom(installed, name)]).toEqual([name, resolvedFrom(appDir(), name)]);
    }
  });

  test("the same app on CDK Terrain (cdktn 0.24, cdktf's community continuation): the consumer's alias and override, the same stacks", () => {
    // As docs/library.md tells a consumer: cdktf aliased to cdktn, constructs in cdktn's peer
    // range, and the AWS provider's bindings told to take the alias. Every package comes from
    // npm's cache (this project's own lock file pins cdktn and constructs 10.7.2).
    const app = path.join(tmp, "platform-team-cdktn");
    copyExample(app, (pkg) => {
      pkg.dependencies = {
        "@cdktf/provider-aws": installedVersion("@cdktf/provider-aws"),
        cdktf: `npm:cdktn@${installedVersion("cdktn")}`,
        constructs: installedVersion("constructs"),
        "vpc-flow-log-monitoring": `file:${tarball}`,
      };
      // cdktn's own CLI needs Node 22; the app is built and run as `cdktf synth` runs it.
      pkg.devDependencies = Object.fromEntries(["typescript", "@types/node"].map((n) => [n, `file:${path.join(root, "node_modules", n)}`]));
      pkg.overrides = { "@cdktf/provider-aws": { cdktf: "$cdktf" } };
    });
    installAndSynth(app);

    // One toolkit in the app: the library, the provider's bindings and the app all load cdktn.
    const toolkit = (from: string) => fs.realpathSync(path.dirname(require.resolve("cdktf/package.json", { paths: [from] })));
    const installed = path.join(app, "node_modules");
    expect(JSON.parse(fs.readFileSync(path.join(toolkit(app), "package.json"), "utf8"))).toMatchObject({
      name: "cdktn",
      version: installedVersion("cdktn"),
    });
    expect(toolkit(path.join(installed, "vpc-flow-log-monitoring"))).toBe(toolkit(app));
    expect(toolkit(fs.realpathSync(path.join(installed, "@cdktf", "provider-aws")))).toBe(toolkit(app));
    // The same Terraform JSON as on cdktf 0.21, but for the toolkit version each records.
    for (const stack of ["platform-dev", "platform-prod"]) {
      const onTerrain = JSON.parse(fs.readFileSync(path.join(app, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8")) as TfJson;
      const onCdktf = stackJson(stack) as TfJson & { "//": { metadata: { version: string } } };
      expect((onTerrain as typeof onCdktf)["//"].metadata.version).toBe(installedVersion("cdktn"));
      expect(onCdktf["//"].metadata.version).toBe(installedVersion("cdktf"));
      (onTerrain as typeof onCdktf)["//"].metadata.version = onCdktf["//"].metadata.version;
      expect([stack, onTerrain]).toEqual([stack, onCdktf]);
    }
  });

  test("the cost estimate prices the team's stacks as it prices the environments: from their resources, in their region", () => {
    const platformDev = estimateStack("platform-dev", stackJson("platform-dev"));
    const platformProd = estimateStack("platform-prod", stackJson("platform-prod"));
    expect([platformDev.region, platformProd.region]).toEqual(["eu-west-1", "eu-west-1"]);
    // platform-dev is an environment stack: its usage travels with it. platform-prod is the
    // team's own stack, which records none: the defaults, named as such.
    expect(platformDev.usageSource).toBe("the environment's config");
    expect(platformProd.usageSource).toBe("defaults: the stack records none");
    // platform-dev has example dev's flow logs and monitoring: the same lines, item for item
    // and quantity for quantity, at eu-west-1's prices instead of ap-northeast-1's.
    const { stack } = synthEnvironment(environments.find((e) => e.name === "dev")!);
    const dev = estimateStack("dev", writtenJson(stack));
    const shape = (e: typeof dev) => e.lines.map((l) => [l.item, l.quantity, l.free]).sort();
    expect(shape(platformDev)).toEqual(shape(dev));
    // platform-prod: one flow log to a 731-day log group on the team's VPC, at default usage.
    const storage = platformProd.lines.find((l) => l.item === "logs-storage")!;
    expect(storage.quantity).toBe(USAGE_DEFAULTS.flowLogGbPerDay * USAGE_DEFAULTS.logGroupStoredShare * 731);
    expect(platformProd.lines.filter((l) => l.item === "vended-logs-cloudwatch")).toHaveLength(1);
  });

  test("the example synthesizes its two environments from the packed package", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir(), "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["platform-dev", "platform-prod"]);

    const dev = stackJson("platform-dev");
    expect(resource(dev, "aws_vpc").cidr_block).toBe("10.50.0.0/16");
    expect(dev.terraform.backend.s3).toMatchObject({
      bucket: "platform-team-tfstate",
      key: "network-monitoring/platform-dev/terraform.tfstate",
      use_lockfile: true,
    });

    const prod = stackJson("platform-prod");
    expect(resources(prod, "aws_vpc")).toEqual([]);
    const flowLogs = resources(prod, "aws_flow_log").map(([, f]) => f);
    expect(flowLogs.map((f) => [f.vpc_id, f.log_destination_type]).sort()).toEqual([
      ["vpc-0a1b2c3d4e5f60718", "cloud-watch-logs"],
      ["vpc-0a1b2c3d4e5f60718", "s3"],
    ]);
    // The team's own archive, made in its stack and handed in as objects: the flow log names
    // that bucket's arn, the bucket's and the key's policies gained what delivery needs (the
    // example writes no statement), and the flow log waits for both.
    const [[bucketId]] = resources(prod, "aws_s3_bucket");
    const [[policyId]] = resources(prod, "aws_s3_bucket_policy");
    const [[keyId]] = resources(prod, "aws_kms_key").filter(([, k]) => /flow-log archive/.test(k.description));
    const toS3 = flowLogs.find((f) => f.log_destination_type === "s3");
    expect(toS3.log_destination).toBe(`\${aws_s3_bucket.${bucketId}.arn}`);
    expect(toS3.depends_on).toEqual([`aws_s3_bucket_policy.${policyId}`, `aws_kms_key.${keyId}`]);
    const sids = (text: string) => JSON.parse(text).Statement.map((st: { Sid: string }) => st.Sid);
    expect(sids(resource(prod, "aws_s3_bucket_policy").policy)).toEqual([
      "DenyInsecureTransport",
      "AWSLogDeliveryWrite",
      "AWSLogDeliveryAclCheck",
    ]);
    expect(sids(resources(prod, "aws_kms_key").find(([id]) => id === keyId)![1].policy)).toContain("LogDeliveryEncryptsForThisAccountOnly");
    expect(resource(prod, "aws_cloudwatch_log_group")).toMatchObject({
      retention_in_days: 731,
      skip_destroy: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(prod, "aws_cloudwatch_metric_alarm", "/alarm-rejected-remote-access").threshold).toBe(5);
    expect(prod.terraform.backend.s3.key).toBe("network-monitoring/platform-prod/terraform.tfstate");
  });

  test("the example's documented commands work outside this repository: the tarball it names is this version's, and it brings the cdktf CLI", () => {
    const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
    expect(exampleDependency).toBe(`file:../../vpc-flow-log-monitoring-${version}.tgz`);
    expect(path.basename(tarball)).toBe(`vpc-flow-log-monitoring-${version}.tgz`);
    expect(exampleDevDependencies).toContain("cdktf-cli");
    expect(fs.existsSync(path.join(appDir(), "node_modules", ".bin", "cdktf"))).toBe(true);
  });

  test("a consumer reads environment files with the packed package and finds its JSON Schema by the package path", () => {
    const envDir = path.join(tmp, "team-environments");
    fs.mkdirSync(envDir, { recursive: true });
    fs.writeFileSync(
      path.join(envDir, "team-c.yaml"),
      [
        "name: team-c",
        'accountId: "555555555555"',
        "region: eu-central-1",
        "network: { cidr: 10.50.0.0/16, availabilityZones: [eu-central-1a, eu-central-1b] }",
        "flowLogs: { trafficType: ALL, maxAggregationInterval: 60, destinations: [{ type: s3, retentionInDays: 30 }] }",
        "state: { bucket: team-tfstate }",
        "",
      ].join("\n"),
    );
    const script = `
      const m = require("vpc-flow-log-monitoring");
      const schema = require("vpc-flow-log-monitoring/schema/environment.schema.json");
      try { m.validateEnvironments(m.loadEnvironmentFiles(${JSON.stringify(envDir)}, "team-environments")); }
      catch (e) { console.log(schema.title + "\\n" + e.message); }`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: appDir(), encoding: "utf8" });
    expect(out).toBe(
      "vpc-flow-log-monitoring environment\n" +
        'Invalid environment "team-c" (team-environments/team-c.yaml):\n' +
        "  - team-environments/team-c.yaml: flowLogs.destinations[0].retentionInDays = 30: unknown field; valid fields are type, bucketName, existingBucketArn, fileFormat, hiveCompatiblePartitions, perHourPartition, encryption, lifecycle, athena, retired\n",
    );
  });

  test("the package ships vpc-flow-log-explain: the format from a synthesized stack, records from standard input, no cdktf loaded", () => {
    const bin = path.join(appDir(), "node_modules", ".bin", "vpc-flow-log-explain");
    const probe = writeLoadProbe(appDir());
    const line = "2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK\n";
    const run = spawnSync(bin, ["--stack", path.join(appDir(), "cdktf.out", "stacks", "platform-prod")], {
      cwd: appDir(),
      input: line,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("203.0.113.12:49761 → 172.31.16.139:22 (ssh) TCP, 20 packets, 4249 bytes, REJECTED.");
    expect(constructFilesLoaded(run.stderr)).toBe(0);
    const help = spawnSync(bin, ["--help"], { cwd: appDir(), encoding: "utf8" });
    // The packed command's help names it as it is run, and offers --stack, not this repository's --env.
    expect(help.stdout).toMatch(/^usage: vpc-flow-log-explain \[options\]/);
    expect(help.stdout).toContain("--stack <cdktf.out/stacks/name>");
    expect(help.stdout).not.toMatch(/--env|npm run/);
  });

  test("the package ships vpc-flow-log-report: a page of records from standard input, its charts drawn by the packed Vega", () => {
    const bin = path.join(appDir(), "node_modules", ".bin", "vpc-flow-log-report");
    const out = path.join(appDir(), "report.html");
    const lines = [
      "2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK",
      "2 123456789012 eni-0a1b2c3d4e5f60718 172.31.16.139 192.0.2.44 41000 443 6 900 750000000 1418530010 1418530070 ACCEPT OK",
    ].join("\n");
    const run = spawnSync(bin, ["--stack", path.join(appDir(), "cdktf.out", "stacks", "platform-prod"), "--out", out], {
      cwd: appDir(),
      input: lines,
      encoding: "utf8",
    });
    expect(run.stderr).toContain("2 records, 2 conversations, 0 problems");
    expect(run.status).toBe(0);
    const page = fs.readFileSync(out, "utf8");
    expect(page.match(/<svg/g)).toHaveLength(4);
    expect(page).toContain("<td>172.31.16.139</td><td>192.0.2.44</td>");
  });

  test("vpc-flow-log-monitoring/explain explains records and loads no file of cdktf, @cdktf or constructs", () => {
    const script = `
      const { explainRecords, RecordFormat } = require("vpc-flow-log-monitoring/explain");
      const line = "2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK";
      const out = explainRecords([line], { format: RecordFormat.DEFAULT });
      const loaded = Object.keys(require.cache).filter((f) => /[\\/]node_modules[\\/](cdktf|@cdktf|constructs)[\\/]/.test(f));
      console.log(JSON.stringify({ kinds: out.map((e) => e.kind), loaded }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: appDir(), encoding: "utf8" }));
    expect(out.loaded).toEqual([]);
    expect(out.kinds).toContain("record");
    // The main entry, for contrast, loads cdktf: the check sees what it looks for.
    const main = execFileSync(
      process.execPath,
      ["-e", 'require("vpc-flow-log-monitoring"); console.log(Object.keys(require.cache).some((f) => /[\\\\/]cdktf[\\\\/]/.test(f)))'],
      { cwd: appDir(), encoding: "utf8" },
    );
    expect(main.trim()).toBe("true");
  });

  test("the example is not the app: it imports only the package's public entry points", () => {
    const source = fs.readFileSync(path.join(root, "examples", "platform-team", "main.ts"), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)]
      .map((m) => m[1])
      .filter((m) => m.startsWith("vpc-flow-log-monitoring") || m.startsWith("."));
    expect(imports.sort()).toEqual(["vpc-flow-log-monitoring", "vpc-flow-log-monitoring/environments"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.exports)).toEqual([".", "./explain", "./environments", "./schema/environment.schema.json", "./package.json"]);
  });
});

describe("VpcFlowLogMonitoring: names in one stack", () => {
  test("a second one with the same name is refused at synth, naming the first", () => {
    const message = problemsOf(() =>
      synthIn((stack) => {
        new VpcFlowLogMonitoring(stack, "first", existing);
        new VpcFlowLogMonitoring(stack, "second", { ...existing, vpcId: "vpc-0a1b2c3d4e5f60719" });
      }),
    );
    expect(message).toContain('name = "team-a": consumer/first in stack "consumer" has that name already');
  });

  test("two with their own names live side by side", () => {
    const json = synthIn((stack) => {
      new VpcFlowLogMonitoring(stack, "a", existing);
      new VpcFlowLogMonitoring(stack, "b", { ...existing, name: "team-b", vpcId: "vpc-0a1b2c3d4e5f60719" });
    });
    expect(
      resources(json, "aws_cloudwatch_log_group")
        .map(([, g]) => g.name)
        .sort(),
    ).toEqual(["/network-monitoring/team-a/vpc-flow-logs", "/network-monitoring/team-b/vpc-flow-logs"]);
  });
});

describe("VpcFlowLogMonitoring and the stack's AWS provider", () => {
  const withProvider = (provider: { region?: string; allowedAccountIds?: string[] }, config = existing) =>
    synthIn((stack) => {
      new VpcFlowLogMonitoring(stack, "vpc-flow-logs", config);
      // Added after the construct, as a team's stack may: checked at synth all the same.
      new AwsProvider(stack, "aws", provider);
    });

  test("a config for another region than the provider's is refused at synth, naming both", () => {
    const message = problemsOf(() => withProvider({ region: "us-east-1" }));
    expect(message).toContain('region = "eu-west-1": the AWS provider of stack "consumer" is for us-east-1');
  });

  test("a config for an account the provider may not touch is refused at synth", () => {
    const message = problemsOf(() => withProvider({ region: "eu-west-1", allowedAccountIds: ["111111111111"] }));
    expect(message).toContain('accountId = "777777777777": the AWS provider of stack "consumer" may touch only account 111111111111');
  });

  test("a provider that matches, or says nothing of region and account, passes", () => {
    expect(resources(withProvider({ region: "eu-west-1", allowedAccountIds: ["777777777777"] }), "aws_flow_log")).toHaveLength(1);
    expect(resources(withProvider({}), "aws_flow_log")).toHaveLength(1);
  });
});

describe("VpcFlowLogMonitoring: a team's own key and tags", () => {
  const centralKey = "arn:aws:kms:eu-west-1:777777777777:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  test("customerManagedKey as a key ARN: the log group uses that key; no key or alias is created", () => {
    const json = synthIn(
      (stack) =>
        new VpcFlowLogMonitoring(stack, "vpc-flow-logs", {
          ...existing,
          flowLogs: { ...existing.flowLogs, destinations: [{ type: "cloud-watch-logs", customerManagedKey: centralKey }] },
        }),
    );
    expect(resource(json, "aws_cloudwatch_log_group").kms_key_id).toBe(centralKey);
    const flowLogKeys = resources(json, "aws_kms_alias").filter(([, a]) => String(a.name).includes("flow-log"));
    expect(flowLogKeys).toEqual([]);
  });

  test("a key ARN of another region, or an alias, is refused naming the field and what is valid", () => {
    const withKey = (key: string) =>
      problemsOf(() =>
        synthIn(
          (stack) =>
            new VpcFlowLogMonitoring(stack, "vpc-flow-logs", {
              ...existing,
              flowLogs: { ...existing.flowLogs, destinations: [{ type: "cloud-watch-logs", customerManagedKey: key }] },
            }),
        ),
      );
    expect(withKey(centralKey.replace("eu-west-1", "us-east-1"))).toContain(
      `flowLogs.destinations[0].customerManagedKey = "${centralKey.replace("eu-west-1", "us-east-1")}": expected true (a key created for the log group), false, or the ARN of a KMS key in eu-west-1`,
    );
    expect(withKey("arn:aws:kms:eu-west-1:777777777777:alias/central")).toContain("an alias is not accepted by CloudWatch Logs");
  });

  test("tags reach every resource that takes tags; a resource's own Name stays", () => {
    const json = synthIn(
      (stack) => new VpcFlowLogMonitoring(stack, "vpc-flow-logs", { ...existing, tags: { Team: "a", CostCenter: "42", Project: "net" } }),
    );
    const tagged = ["aws_flow_log", "aws_cloudwatch_log_group", "aws_iam_role", "aws_sns_topic", "aws_cloudwatch_metric_alarm"];
    for (const type of tagged) {
      for (const [id, r] of resources(json, type))
        expect([id, r.tags]).toEqual([id, expect.objectContaining({ Team: "a", CostCenter: "42", Project: "net" })]);
    }
    expect(resource(json, "aws_flow_log").tags.Name).toBe("team-a-vpc-to-cloudwatch");
  });

  test("tags are checked: an aws: key is refused", () => {
    expect(
      problemsOf(() => synthIn((stack) => new VpcFlowLogMonitoring(stack, "v", { ...existing, tags: { "aws:owner": "x" } }))),
    ).toContain("tags.aws:owner");
  });
});
