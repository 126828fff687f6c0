/**
 * Runs the real Terraform CLI on synthesized stacks, offline: `init` from a local provider
 * mirror, `validate`, and a `plan` with fake credentials and a local backend, read back with
 * `terraform show -json`. Used by the tests and by `npm run plan:offline`.
 *
 * The mirror is taken from TF_PROVIDER_MIRROR, else searched in the usual places. A private
 * CLI config (in a temp dir) points Terraform at it; the user's own config is never read.
 */
import { execFile, spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
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

  /** Runs terraform; rejects with its output when it fails or outlasts `timeoutMs`. */
  run(args: string[], timeoutMs = 300_000): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        this.setup.terraform,
        args,
        { cwd: this.dir, env: this.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          // Errors first (stderr), then the end of stdout: a failed plan prints its diagnostics
          // on stderr after a long list of planned changes.
          const tail = stdout.length > 3000 ? `[...]\n${stdout.slice(-3000)}` : stdout;
          reject(new Error(`terraform ${args.join(" ")} failed in ${this.dir}:\n${stderr.slice(0, 6000)}\n${tail}\n${String(error).split("\n")[0]}`));
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

  private offlineReady = false;

  /**
   * The offline plan: an override file swaps the backend for a local one and gives each AWS
   * provider configuration fake credentials, skips every AWS call it can, and lifts
   * `allowed_account_ids`; then `init` (once per workspace), `plan` and `show -json`.
   *
   * With `state`, the plan is made against that state (written to the local backend first),
   * as a plan against deployed resources would be; without it, against an empty state.
   * `destroy` makes it the plan of `terraform destroy`.
   */
  async plan(options: { state?: TerraformState; destroy?: boolean } = {}): Promise<{ text: string; plan: TerraformPlan }> {
    await this.initOffline();
    const statePath = this.offlineStatePath();
    fs.rmSync(statePath, { force: true });
    if (options.state) fs.writeFileSync(statePath, JSON.stringify(options.state, null, 2));
    const text = await this.run([
      "plan",
      ...(options.destroy ? ["-destroy"] : []),
      "-refresh=false",
      "-lock=false",
      "-input=false",
      "-no-color",
      "-out=offline.tfplan",
    ]);
    const plan = JSON.parse(await this.run(["show", "-json", "offline.tfplan"])) as TerraformPlan;
    return { text, plan };
  }

  private offlineStatePath(): string {
    return path.join(this.dir, "offline.tfstate");
  }

  /** Writes the offline override and runs `init`, once per workspace. */
  private async initOffline(): Promise<void> {
    if (this.offlineReady) return;
    fs.writeFileSync(
      path.join(this.dir, "offline_override.tf.json"),
      JSON.stringify(
        {
          terraform: { backend: { local: { path: this.offlineStatePath() } } },
          // One entry per provider configuration (default and aliases) of the stack.
          provider: { aws: this.awsProviderAliases().map((alias) => ({ ...(alias ? { alias } : {}), ...OFFLINE_PROVIDER })) },
        },
        null,
        2,
      ),
    );
    await this.run(["init", "-reconfigure", "-input=false", "-no-color"]);
    this.offlineReady = true;
  }

  /**
   * The state this stack would have after `terraform apply`, built without AWS: plan against
   * an empty state, record every planned value, give each value only AWS knows (ids, ARNs)
   * a fake but well-formed value, and plan again against that state until Terraform plans
   * no change. Plans of a changed configuration against the result show what that change
   * would do to deployed resources (update, replace, destroy).
   */
  async simulateApply(maxRounds = 6): Promise<TerraformState> {
    const schemas = await this.resourceSchemas();
    let state: TerraformState | undefined;
    let pending: string[] = [];
    for (let round = 0; round < maxRounds; round++) {
      const { plan } = await this.plan({ state });
      pending = pendingChanges(plan).map((rc) => `${rc.address} ${rc.change.actions.join("+")}`);
      if (state && pending.length === 0) return state;
      state = applyPlanToState(plan, state, schemas, round + 1);
    }
    throw new Error(`simulated apply in ${this.dir} did not settle after ${maxRounds} plans; still planned:\n  ${pending.join("\n  ")}`);
  }

  /** Schema version and attribute types of each AWS resource type (`terraform providers schema -json`). */
  private async resourceSchemas(): Promise<ResourceSchemas> {
    const key = this.setup.mirror;
    let found = schemaCache.get(key);
    if (!found) {
      await this.initOffline();
      const all = JSON.parse(await this.run(["providers", "schema", "-json"])) as {
        provider_schemas: Record<string, { resource_schemas: ResourceSchemas }>;
      };
      found = all.provider_schemas[AWS_PROVIDER_SOURCE].resource_schemas;
      schemaCache.set(key, found);
    }
    return found;
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

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly change: {
    readonly actions: string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
    readonly after_unknown?: unknown;
  };
  /** Why a replacement happens, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
}

/** The parts of `terraform show -json` of a plan that this project reads. */
export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: ResourceChange[];
  readonly planned_values?: { readonly outputs?: Record<string, { value?: unknown; sensitive: boolean }> };
}

/** Terraform state, format 4 (what a local backend holds). */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, unknown>;
  readonly resources: {
    readonly mode: "managed";
    readonly type: string;
    readonly name: string;
    readonly provider: string;
    readonly instances: { schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: unknown[] }[];
  }[];
}

const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";

type AttributeType = string | [string, unknown];
interface AttributeSchema {
  readonly type?: AttributeType;
  readonly optional?: boolean;
}
interface BlockSchema {
  readonly attributes?: Record<string, AttributeSchema>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: BlockSchema }>;
}
type ResourceSchemas = Record<string, { version: number; block: BlockSchema }>;
const schemaCache = new Map<string, ResourceSchemas>();

/** The resource changes of a plan that change something (neither no-op nor a read). */
export function pendingChanges(plan: TerraformPlan): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === "no-op" || a === "read"));
}

/** A short deterministic hex digest. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 17);
}

/**
 * A value for a top-level attribute the plan leaves unknown. Attributes only AWS sets (ids,
 * ARNs, owner ids) get a fake but well-formed value, since other resources refer to them;
 * optional scalars that AWS fills in when left unset stay null, as a fake there could be
 * refused (an SNS FIFO setting on a standard topic); collections and nested blocks are empty.
 */
function fakeValue(block: BlockSchema, attribute: string, address: string): unknown {
  const nested = block.block_types?.[attribute];
  if (nested) return nested.nesting_mode === "single" || nested.nesting_mode === "group" ? null : [];
  const schema = block.attributes?.[attribute] ?? {};
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (t === "list" || t === "set") return [];
  if (t === "map") return {};
  if (t === "object" || (attribute !== "id" && schema.optional)) return null;
  if (t === "number") return 0;
  if (t === "bool") return false;
  const h = digest(`${address}.${attribute}`);
  if (attribute === "arn" || attribute.endsWith("_arn")) return `arn:aws:fake:ap-northeast-1:000000000000:${address}/${h}`;
  return `fake-${h}`;
}

/**
 * Merges one planned value with the unknown marks of the plan: known values come from the
 * plan, unknown ones from the previous state, else a fake.
 */
function settle(after: unknown, unknown: unknown, previous: unknown, fake: () => unknown): unknown {
  if (unknown === true) return previous ?? fake();
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    const prev = Array.isArray(previous) ? previous : [];
    return unknown.map((u, i) => settle(list[i], u, prev[i], () => null));
  }
  if (unknown && typeof unknown === "object") {
    const obj = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
    const prev = (previous && typeof previous === "object" ? previous : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...obj };
    for (const [k, u] of Object.entries(unknown)) out[k] = settle(obj[k], u, prev[k], () => null);
    return out;
  }
  return after;
}

/** The state after applying `plan` to `previous` (for {@link TerraformWorkspace.simulateApply}). */
function applyPlanToState(plan: TerraformPlan, previous: TerraformState | undefined, schemas: ResourceSchemas, serial: number): TerraformState {
  const before = new Map<string, Record<string, unknown>>();
  for (const r of previous?.resources ?? []) before.set(`${r.type}.${r.name}`, r.instances[0].attributes);
  const resources: TerraformState["resources"][number][] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const { actions, after, after_unknown } = rc.change;
    if (actions.length === 1 && actions[0] === "delete") continue;
    const schema = schemas[rc.type];
    if (!schema) throw new Error(`no schema for ${rc.type}`);
    const prev = before.get(rc.address) ?? {};
    const attributes: Record<string, unknown> = { ...(after ?? {}) };
    const unknown = (after_unknown ?? {}) as Record<string, unknown>;
    for (const [name, u] of Object.entries(unknown)) {
      attributes[name] = settle(attributes[name], u, prev[name], () => fakeValue(schema.block, name, rc.address));
    }
    resources.push({
      mode: "managed",
      type: rc.type,
      name: rc.name,
      provider: `provider["${rc.provider_name}"]`,
      instances: [{ schema_version: schema.version, attributes, sensitive_attributes: [] }],
    });
  }
  // Outputs whose planned value is known, with their type (the stacks' outputs are scalars).
  const outputs: Record<string, { value: unknown; type: string; sensitive?: boolean }> = {};
  for (const [name, o] of Object.entries(plan.planned_values?.outputs ?? {})) {
    const type = typeof o.value === "string" ? "string" : typeof o.value === "number" ? "number" : typeof o.value === "boolean" ? "bool" : undefined;
    if (type) outputs[name] = { value: o.value, type, ...(o.sensitive ? { sensitive: true } : {}) };
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version ?? "1.11.0",
    serial,
    lineage: previous?.lineage ?? randomUUID(),
    outputs,
    resources,
  };
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
