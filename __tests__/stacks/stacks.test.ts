import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { runApp, synthApp } from "../../constructs/stacks/synth";
import { REQUIRED_TERRAFORM } from "../../constructs/stacks/prepare";
import { configureStateBackend } from "../../constructs/state";
import { environmentWith, NO_MONITORING } from "../support/environment";
import { APP_OPTIONS, STATE_ACCOUNT_ID } from "../../environments";
// The examples, whatever environments a team adds to the folder.
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";
import { policy, resource, resources, statement, TfJson } from "../support/helpers";

const app = Testing.app();
const { bootstrap, stacks } = addEnvironmentStacks(app, environments, APP_OPTIONS);
const synthesized: Record<string, TfJson> = Object.fromEntries(
  [bootstrap, ...stacks].map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as TfJson]),
);

describe("environment stacks", () => {
  test("one stack per environment, named after it, plus state-bootstrap", () => {
    expect(Object.keys(synthesized)).toEqual(["state-bootstrap", "dev", "staging", "prod"]);
  });

  test.each(environments.map((e) => [e.name, e] as const))("%s: provider pinned to its account, region and default tags", (name, env) => {
    const provider = synthesized[name].provider!.aws;
    expect(provider).toHaveLength(1);
    expect(provider[0]).toEqual({
      region: env.region,
      allowed_account_ids: [env.accountId],
      default_tags: [{ tags: { ...(env.tags ?? {}), Project: "network-monitoring", Environment: name, ManagedBy: "cdktf" } }],
    });
  });

  test.each(environments.map((e) => [e.name] as const))("%s: S3 backend with its own key, encryption and S3-native locking", (name) => {
    expect(synthesized[name].terraform.backend).toEqual({
      s3: {
        bucket: "example-network-monitoring-tfstate",
        key: `network-monitoring/${name}/terraform.tfstate`,
        region: "ap-northeast-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("a state KMS key is passed to the backend", () => {
    const a = Testing.app();
    const env = { ...environments[0], state: { ...environments[0].state, kmsKeyId: "alias/terraform-state" } };
    const {
      stacks: [s],
    } = addEnvironmentStacks(a, [env]);
    expect(JSON.parse(Testing.synth(s)).terraform.backend.s3.kms_key_id).toBe("alias/terraform-state");
  });

  test.each(["dev", "staging", "prod"])("%s: synthesized JSON matches the snapshot", (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });
});

describe("state-bootstrap stack", () => {
  const json = synthesized["state-bootstrap"];
  const bucketArn = "arn:aws:s3:::example-network-monitoring-tfstate";

  test("local backend, provider pinned to the state account", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.state-bootstrap.tfstate" } });
    expect(json.provider!.aws[0]).toMatchObject({ region: "ap-northeast-1", allowed_account_ids: [STATE_ACCOUNT_ID] });
  });

  test("the state bucket: versioned, encrypted, private, owner enforced, protected from destroy", () => {
    expect(resource(json, "aws_s3_bucket")).toMatchObject({
      bucket: "example-network-monitoring-tfstate",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "AES256",
    });
    expect(resource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rules.find((r: any) => r.id === "noncurrent-versions").noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rules.find((r: any) => r.id === "current-objects").expiration).toBeUndefined();
  });

  test("bucket policy: TLS only, and each environment's account reaches its own state key only", () => {
    const doc = policy(resource(json, "aws_s3_bucket_policy").policy);
    expect(statement(doc, "DenyInsecureTransport").Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(statement(doc, "ListprodState")).toEqual({
      Sid: "ListprodState",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": "network-monitoring/prod/*" } },
    });
    expect(statement(doc, "ReadWriteprodState")).toEqual({
      Sid: "ReadWriteprodState",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [`${bucketArn}/network-monitoring/prod/terraform.tfstate`, `${bucketArn}/network-monitoring/prod/terraform.tfstate.tflock`],
    });
    // Terraform deletes only the lock file; the state itself is never deletable from an environment.
    expect(statement(doc, "ReleaseprodLock")).toEqual({
      Sid: "ReleaseprodLock",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "s3:DeleteObject",
      Resource: `${bucketArn}/network-monitoring/prod/terraform.tfstate.tflock`,
    });
    const deletable = doc.Statement.filter((st) => [st.Action].flat().includes("s3:DeleteObject")).flatMap((st) => [st.Resource].flat());
    expect(deletable.every((r) => r?.endsWith(".tflock"))).toBe(true);
    // Each environment's three, and the log archive's (its state key is here too).
    expect(doc.Statement).toHaveLength(1 + 3 * (environments.length + 1));
  });

  test("state buckets in two regions get a provider each", () => {
    const a = Testing.app();
    const other = {
      ...environments[0],
      name: "eu",
      region: "eu-west-1",
      network: { ...environments[0].network, availabilityZones: ["eu-west-1a"] },
      state: { bucket: "eu-state-bucket-example", region: "eu-west-1" },
    };
    const { bootstrap: b } = addEnvironmentStacks(a, [environments[0], other]);
    const j = JSON.parse(Testing.synth(b)) as TfJson;
    expect(j.provider!.aws.map((p: any) => [p.region, p.alias])).toEqual([
      ["ap-northeast-1", undefined],
      ["eu-west-1", "eu-west-1"],
    ]);
    const euBucket = resources(j, "aws_s3_bucket").find(([, v]) => v.bucket === "eu-state-bucket-example")![1];
    expect(euBucket.provider).toBe("aws.eu-west-1");
  });
});

describe("synthApp: what the cdktf CLI would print, printed when it does not run the app", () => {
  const s3Only = environmentWith({ flowLogs: { destinations: [{ type: "s3" }] } }, NO_MONITORING);

  test("outside the CLI, every warning and note is written, with its construct path", () => {
    const lines: string[] = [];
    const app = Testing.app();
    new NetworkMonitoringStack(app, { environment: s3Only });
    synthApp(app, { underCli: false, write: (l) => lines.push(l) });
    expect(lines).toEqual([
      'WARNING [test]: environment "test": no queries, metric filters, alarms or dashboard: they read a CloudWatch Logs group, and no flow log destination is of type "cloud-watch-logs"',
    ]);
  });

  test("under the CLI (which prints them from the manifest) nothing is written twice", () => {
    const lines: string[] = [];
    const app = Testing.app();
    new NetworkMonitoringStack(app, { environment: s3Only });
    synthApp(app, { underCli: true, write: (l) => lines.push(l) });
    expect(lines).toEqual([]);
  });
});

describe("runApp: an app's mistakes read as the README shows them", () => {
  /** Runs an app under runApp, outside the cdktf CLI, and returns what it wrote and its exit code. */
  const runCaught = (build: (app: ReturnType<typeof Testing.app>) => void) => {
    const lines: string[] = [];
    const saved = { code: process.exitCode, context: process.env.CDKTF_CONTEXT_JSON };
    delete process.env.CDKTF_CONTEXT_JSON;
    try {
      const app = Testing.app();
      runApp(app, build, { write: (l) => lines.push(l) });
      return { text: lines.join("\n"), exitCode: process.exitCode };
    } finally {
      process.exitCode = saved.code;
      if (saved.context !== undefined) process.env.CDKTF_CONTEXT_JSON = saved.context;
    }
  };

  test("a config mistake: the message with environment, field, value and what is valid; no stack frame; exit code 1", () => {
    const { text, exitCode } = runCaught((app) => {
      const bad = environmentWith((e) => (e.network.cidr = "10.40.0.0/166"));
      new NetworkMonitoringStack(app, { environment: { ...bad, name: "qa" } });
    });
    expect(text).toBe(
      'Invalid environment "qa":\n  - network.cidr = "10.40.0.0/166": not a valid IPv4 network: not of the form a.b.c.d/n; expected a block such as 10.10.0.0/16',
    );
    expect(exitCode).toBe(1);
  });

  test("a security finding: one ERROR [path]: rule line, as documented; never cdktf's advice to set the variable that hides it", () => {
    const { text, exitCode } = runCaught((app) => {
      const prodLike = environmentWith((e) => {
        e.production = true;
        e.flowLogs.destinations = [{ type: "cloud-watch-logs", retentionInDays: 30 }];
        e.monitoring = { alarmEmails: ["network@example.com"] };
      });
      new NetworkMonitoringStack(app, { environment: prodLike });
    });
    expect(text.split("\n")).toEqual([
      "Synth stopped: 1 error:",
      expect.stringMatching(
        /^ERROR \[test\/flow-logs\/cloudwatch\/log-group\]: NM-LOG-RETENTION \(Security Hub CloudWatch\.16\): retention 30 days in production\. /,
      ),
      "Fix each; a security finding can be accepted on its resource with suppressSecurityRule(resource, ruleId, reason).",
    ]);
    expect(text).not.toMatch(/CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS|\n\s+at /);
    expect(exitCode).toBe(1);
  });

  test("any other error is thrown as it is", () => {
    expect(() =>
      runCaught(() => {
        throw new TypeError("a bug");
      }),
    ).toThrow("a bug");
  });
});

describe("the Terraform the stacks need", () => {
  test("a team's own stack whose state configureStateBackend puts in S3 declares it too", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "team");
    configureStateBackend(stack, { bucket: "team-state", key: "team/terraform.tfstate", region: "ap-northeast-1" });
    const json = JSON.parse(Testing.synth(stack)) as {
      terraform: { required_version?: string; backend: { s3: { use_lockfile?: boolean } } };
    };
    expect(json.terraform.required_version).toBe(REQUIRED_TERRAFORM);
    expect(json.terraform.backend.s3.use_lockfile).toBe(true);
    // S3-native locking is generally available from Terraform 1.11 (1.10 had it as experimental).
    expect(REQUIRED_TERRAFORM).toBe(">= 1.11");
  });

  test("every stack declares it (Terraform checks it); synth runs no command, so it works where Terraform is not installed", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-no-terraform-"));
    // staging and prod have `moved` blocks, for which cdktf would run `terraform version` in a shell.
    // The module itself (not an import's namespace, whose members cannot be spied on).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const commands = jest.spyOn(require("node:child_process") as typeof import("node:child_process"), "execSync");
    try {
      const app = new App({ outdir });
      addEnvironmentStacks(app, environments, APP_OPTIONS);
      app.synth();
      expect(commands).not.toHaveBeenCalled();
      const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
      expect(stacks).toEqual(["dev", "log-archive", "prod", "staging", "state-bootstrap"]);
      const read = (n: string) =>
        JSON.parse(fs.readFileSync(path.join(outdir, "stacks", n, "cdk.tf.json"), "utf8")) as TfJson & { moved?: unknown[] };
      expect(stacks.map((n) => [n, read(n).terraform.required_version])).toEqual(stacks.map((n) => [n, REQUIRED_TERRAFORM]));
      expect(read("prod").moved?.length).toBeGreaterThan(0);
    } finally {
      commands.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("cdktf's preparing pass (cross-stack references) runs over what the stack did not make from literals", () => {
  /** Synthesizes a whole app, as `cdktf synth` does (every stack prepared, then synthesized), and reads each stack back. */
  const synthAll = (
    build: (a: App) => void,
  ): Record<string, TfJson & { output?: Record<string, unknown>; data?: Record<string, unknown> }> => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-prepare-"));
    const a = new App({ outdir });
    build(a);
    a.synth();
    const stacksDir = path.join(outdir, "stacks");
    const out = Object.fromEntries(
      fs.readdirSync(stacksDir).map((n) => [n, JSON.parse(fs.readFileSync(path.join(stacksDir, n, "cdk.tf.json"), "utf8")) as TfJson]),
    );
    fs.rmSync(outdir, { recursive: true, force: true });
    return out;
  };
  const shared = (a: App) => {
    const other = new TerraformStack(a, "shared");
    new AwsProvider(other, "aws", { region: "ap-northeast-1" });
    return new S3Bucket(other, "central", { bucket: "central-flow-log-archive" });
  };

  test("a config that hands in another stack's bucket: the reference goes through the other stack's output and remote state", () => {
    const out = synthAll((a) => {
      const central = shared(a);
      new NetworkMonitoringStack(a, {
        environment: environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3", existingBucketArn: central.arn }]), NO_MONITORING),
      });
    });
    const env = Object.keys(out).find((n) => n !== "shared")!;
    expect(Object.keys(out.shared.output ?? {}).some((k) => k.startsWith("cross-stack-output-aws_s3_bucketcentral"))).toBe(true);
    expect(Object.keys(out[env].data?.terraform_remote_state ?? {})).toHaveLength(1);
    expect(resource(out[env], "aws_flow_log").log_destination).toMatch(
      /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.cross-stack-output-aws_s3_bucketcentralarn\}$/,
    );
  });

  test("a resource an app adds to the stack afterwards, referring to another stack: prepared as cdktf prepares it", () => {
    const out = synthAll((a) => {
      const central = shared(a);
      const stack = new NetworkMonitoringStack(a, { environment: environmentWith({}) });
      new TerraformOutput(stack, "central_bucket", { value: central.arn });
    });
    const env = Object.keys(out).find((n) => n !== "shared")!;
    expect(JSON.stringify(out[env].output)).toContain("data.terraform_remote_state.");
  });

  test("a stack made from literals synthesizes exactly as with cdktf's whole preparing pass", () => {
    const build = (full: boolean) => (a: App) => {
      const made = addEnvironmentStacks(a, environments, APP_OPTIONS);
      if (full) for (const s of [made.bootstrap, ...made.stacks]) s.prepareStack = TerraformStack.prototype.prepareStack.bind(s);
    };
    expect(synthAll(build(false))).toEqual(synthAll(build(true)));
  });
});
