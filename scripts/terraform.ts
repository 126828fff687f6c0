/**
 * Runs the real Terraform CLI on synthesized stacks, offline: `init` from a local provider
 * mirror, `validate`, and a `plan` with fake credentials and a local backend, read back with
 * `terraform show -json`. Used by the tests and by `npm run plan:offline`.
 *
 * The mirror is taken from TF_PROVIDER_MIRROR, else searched in the usual places. A private
 * CLI config (in a temp dir) points Terraform at it; the user's own config is never read.
 */
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The AWS provider version the bindings were generated from. */
export const AWS_PROVIDER_VERSION = "5.100.0";
const PROVIDER_DIR = path.join("registry.terraform.io", "hashicorp", "aws");

/** Directories searched for a provider mirror when TF_PROVIDER_MIRROR is not set. */
export function mirrorCandidates(): string[] {
  const home = os.homedir();
  return [
    "/opt/tf-plugins",
    "/opt/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    path.join(home, ".terraform.d", "plugins"),
    path.join(home, ".local", "share", "terraform", "plugins"),
    "/var/lib/terraform/plugins",
  ];
}

function hasProvider(dir: string): boolean {
  const versionDir = path.join(dir, PROVIDER_DIR, AWS_PROVIDER_VERSION);
  if (fs.existsSync(versionDir)) return true;
  // Packed layout: registry.terraform.io/hashicorp/aws/terraform-provider-aws_<v>_<os>_<arch>.zip
  const packed = path.join(dir, PROVIDER_DIR);
  return fs.existsSync(packed) && fs.readdirSync(packed).some((f) => f.includes(`_${AWS_PROVIDER_VERSION}_`));
}

/** What is missing for offline Terraform, or the paths to use. */
export type TerraformSetup =
  | { readonly ok: true; readonly terraform: string; readonly mirror: string; readonly version: string }
  | { readonly ok: false; readonly reason: string };

let cached: TerraformSetup | undefined;

/** Finds the terraform binary and the provider mirror. */
export function findTerraform(): TerraformSetup {
  if (cached) return cached;
  const terraform = process.env.TERRAFORM_BINARY || "terraform";
  const probe = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (probe.error || probe.status !== 0) {
    return (cached = { ok: false, reason: `the Terraform CLI (${terraform}) is not installed or does not run` });
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    if (!hasProvider(fromEnv)) {
      return (cached = { ok: false, reason: `TF_PROVIDER_MIRROR=${fromEnv} holds no hashicorp/aws ${AWS_PROVIDER_VERSION}` });
    }
    return (cached = { ok: true, terraform, mirror: fromEnv, version });
  }
  const mirror = mirrorCandidates().find(hasProvider);
  if (!mirror) {
    return (cached = {
      ok: false,
      reason: `no provider mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} (set TF_PROVIDER_MIRROR; searched ${mirrorCandidates().join(", ")})`,
    });
  }
  return (cached = { ok: true, terraform, mirror, version });
}

/** Provider settings of an offline plan: fake credentials, no AWS call, no account check. */
const OFFLINE_PROVIDER = {
  access_key: "AKIAOFFLINEPLAN00000",
  secret_key: "offline-plan-fake-secret",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  allowed_account_ids: null,
};

/** A working directory with a copy of one synthesized stack and a private CLI config. */
export class TerraformWorkspace {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly setup: Extract<TerraformSetup, { ok: true }>,
    stackDir: string,
    /** Keep the directory after {@link dispose} (for a person to look at). */
    private readonly keep = false,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-tf-"));
    for (const f of fs.readdirSync(stackDir)) {
      if (f.endsWith(".tf.json")) fs.copyFileSync(path.join(stackDir, f), path.join(this.dir, f));
    }
    const cliConfig = path.join(this.dir, ".terraformrc");
    fs.writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(setup.mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
    );
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_PLUGIN_CACHE_DIR: "",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      TF_DATA_DIR: path.join(this.dir, ".terraform"),
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    delete this.env.TF_LOG;
    delete this.env.AWS_PROFILE;
  }

  /** Runs terraform; rejects with its output when it fails. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        this.setup.terraform,
        args,
        { cwd: this.dir, env: this.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const out = `${stdout}\n${stderr}\n${String(error)}`;
          reject(new Error(`terraform ${args.join(" ")} failed in ${this.dir}:\n${out.length > 6000 ? out.slice(0, 6000) + "\n[...]" : out}`));
        },
      );
    });
  }

  /**
   * `terraform init -backend=false` then `terraform validate -json`, on the stack exactly as
   * synthesized (no override yet).
   */
  async validate(): Promise<{ valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] }> {
    await this.run(["init", "-backend=false", "-input=false", "-no-color"]);
    return JSON.parse(await this.run(["validate", "-json", "-no-color"]));
  }

  /**
   * The offline plan: an override file swaps the backend for a local one and gives each AWS
   * provider configuration fake credentials, skips every AWS call it can, and lifts
   * `allowed_account_ids`; then `init`, `plan` and `show -json`.
   */
  async plan(): Promise<{ text: string; plan: TerraformPlan }> {
    fs.writeFileSync(
      path.join(this.dir, "offline_override.tf.json"),
      JSON.stringify(
        {
          terraform: { backend: { local: { path: path.join(this.dir, "offline.tfstate") } } },
          // One entry per provider configuration (default and aliases) of the stack.
          provider: { aws: this.awsProviderAliases().map((alias) => ({ ...(alias ? { alias } : {}), ...OFFLINE_PROVIDER })) },
        },
        null,
        2,
      ),
    );
    await this.run(["init", "-reconfigure", "-input=false", "-no-color"]);
    const text = await this.run(["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color", "-out=offline.tfplan"]);
    const plan = JSON.parse(await this.run(["show", "-json", "offline.tfplan"])) as TerraformPlan;
    return { text, plan };
  }

  /** Aliases of the stack's AWS provider configurations ("" for the default one). */
  private awsProviderAliases(): string[] {
    const main = JSON.parse(fs.readFileSync(path.join(this.dir, "cdk.tf.json"), "utf8")) as {
      provider?: { aws?: { alias?: string }[] | { alias?: string } };
    };
    const aws = main.provider?.aws;
    const list = Array.isArray(aws) ? aws : aws ? [aws] : [];
    return list.length === 0 ? [""] : list.map((p) => p.alias ?? "");
  }

  dispose(): void {
    if (!this.keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The parts of `terraform show -json` of a plan that this project reads. */
export interface TerraformPlan {
  readonly format_version: string;
  readonly resource_changes?: {
    readonly address: string;
    readonly type: string;
    readonly name: string;
    readonly change: { readonly actions: string[]; readonly after?: Record<string, unknown> | null };
  }[];
  readonly planned_values?: { readonly outputs?: Record<string, { value?: unknown; sensitive: boolean }> };
}

/** Counts of a plan's actions, like Terraform's own summary line. */
export function planCounts(plan: TerraformPlan): { add: number; change: number; destroy: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    if (a.includes("create")) add++;
    if (a.includes("update")) change++;
    if (a.includes("delete")) destroy++;
  }
  return { add, change, destroy };
}

/** The synthesized stacks under `cdktf.out`, from its manifest. */
export function synthesizedStacks(outdir: string): { name: string; dir: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({ name: s.name, dir: path.join(outdir, s.workingDirectory) }));
}

/** One line that says what offline Terraform uses, or why it cannot run. */
export function describeSetup(s: TerraformSetup): string {
  return s.ok ? `Terraform ${s.version}, provider mirror ${s.mirror}` : s.reason;
}
