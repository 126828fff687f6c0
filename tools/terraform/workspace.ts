/**
 * A working directory with a copy of one synthesized stack, where the real Terraform CLI runs
 * offline: a private CLI config points it at the provider mirror (the user's own config is
 * never read), the offline override swaps backend and credentials, and `init` runs once per
 * provider set for the whole toolchain (later workspaces copy the initialized `.terraform`,
 * which holds only links to the mirror).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OFFLINE_STATE_FILE, readStack, StackJson, writeOfflineOverride } from "./offline";
import { cachedPlan, PLAN_CACHE_VARIABLE, planKey } from "./plan-cache";
import { initializedProviderBinary, ProviderServer } from "./provider-server";
import { providerType } from "./provider";
import type { PlanResult, TerraformPlan, TerraformState } from "./plan";
import type { TerraformToolchain } from "./setup";

/** Where a workspace's plan is saved for `show -json`. */
const PLAN_FILE = "offline.tfplan";

/** Options of a workspace. */
export interface WorkspaceOptions {
  /** Keep the directory after {@link TerraformWorkspace.dispose} (for a person to look at). @default false */
  readonly keep?: boolean;
  /** One provider process for all commands (see provider-server.ts); off, each command starts its own. @default true */
  readonly reuseProvider?: boolean;
}

/** Options of a plan. */
export interface PlanOptions {
  /** Plan against this state (as deployed resources would be); default: an empty state. */
  readonly state?: TerraformState;
  /** The plan of `terraform destroy`. */
  readonly destroy?: boolean;
}

/** The CLI config that installs providers only from the mirror. */
function cliConfig(mirror: string, source: string): string {
  const host = source.split("/").slice(0, 2).join("/");
  return (
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${host}/*"]\n  }\n` +
    `  direct {\n    exclude = ["${host}/*"]\n  }\n}\n`
  );
}

/** Copies a directory tree, links as links (the providers in `.terraform` link to the mirror). */
function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

/** Copies what `init` leaves in a directory: `.terraform` and the lock file. */
function copyInitialized(from: string, to: string): void {
  copyTree(path.join(from, ".terraform"), path.join(to, ".terraform"));
  fs.copyFileSync(path.join(from, ".terraform.lock.hcl"), path.join(to, ".terraform.lock.hcl"));
}

export class TerraformWorkspace {
  readonly dir: string;
  /** The stack as synthesized. */
  readonly stack: StackJson;
  /** Each file of the stack as `<name>\n<text>`, read once: what a plan's cache key is made of. */
  private readonly stackFiles: string[];
  private readonly env: NodeJS.ProcessEnv;
  private ready?: Promise<void>;
  private provider?: ProviderServer;

  constructor(
    readonly toolchain: TerraformToolchain,
    stackDir: string,
    private readonly options: WorkspaceOptions = {},
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-tf-"));
    this.stackFiles = [];
    for (const f of fs.readdirSync(stackDir).sort()) {
      if (!f.endsWith(".tf.json")) continue;
      const text = fs.readFileSync(path.join(stackDir, f), "utf8");
      fs.writeFileSync(path.join(this.dir, f), text);
      this.stackFiles.push(`${f}\n${text}`);
    }
    this.stack = readStack(this.dir);
    const config = path.join(this.dir, ".terraformrc");
    fs.writeFileSync(config, cliConfig(toolchain.mirror, toolchain.provider.source));
    // Nothing of the user's AWS setup reaches an offline run (a CA bundle, for one, would make
    // the provider refuse to be configured twice in one process).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && !k.startsWith("TF_")));
    this.env = {
      ...inherited,
      TF_CLI_CONFIG_FILE: config,
      TF_PLUGIN_CACHE_DIR: "",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      TF_DATA_DIR: path.join(this.dir, ".terraform"),
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
      // Terraform and the provider are Go programs that each read the provider's whole schema (a
      // thousand and more resource types) at every command; collecting their garbage less often
      // takes a fifth less CPU (a command holds about 400 MB instead of 220). The user's own
      // setting stands.
      GOGC: process.env.GOGC ?? "400",
    };
  }

  /** Runs terraform; rejects with its output when it fails or outlasts `timeoutMs`. */
  async run(args: string[], timeoutMs = 300_000): Promise<string> {
    return (await this.runWithExitCode(args, [0], timeoutMs)).stdout;
  }

  /** Runs terraform and resolves with its exit code when it is one of `accepted`; rejects with its output otherwise. */
  runWithExitCode(args: string[], accepted: readonly number[], timeoutMs = 300_000): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve, reject) => {
      execFile(
        this.toolchain.terraform,
        args,
        { cwd: this.dir, env: this.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          if (accepted.includes(code)) return resolve({ code, stdout });
          // Errors first (stderr), then the end of stdout: a failed plan prints its diagnostics
          // on stderr after a long list of planned changes.
          const tail = stdout.length > 3000 ? `[...]\n${stdout.slice(-3000)}` : stdout;
          reject(
            new Error(
              `terraform ${args.join(" ")} failed in ${this.dir}:\n${stderr.slice(0, 6000)}\n${tail}\n${error?.message.split("\n")[0] ?? ""}`,
            ),
          );
        },
      );
    });
  }

  /**
   * The offline override and an initialized `.terraform`, once per workspace: the first
   * workspace of a provider set runs `init`, the others copy its result.
   */
  init(): Promise<void> {
    this.ready ??= (async () => {
      writeOfflineOverride(this.dir, this.stack, this.toolchain.provider);
      const key = JSON.stringify(this.stack.terraform?.required_providers ?? {});
      const inits = (this.toolchain.shared.inits ??= new Map<string, Promise<string>>());
      const template = inits.get(key);
      if (template) {
        copyInitialized(await template, this.dir);
      } else {
        inits.set(key, this.initTemplate());
        await inits.get(key);
      }
      await this.startProvider();
    })();
    return this.ready;
  }

  /** One provider process for this workspace's commands, when the stack uses the pinned provider. */
  private async startProvider(): Promise<void> {
    const { source, version } = this.toolchain.provider;
    if (this.options.reuseProvider === false || !this.stack.terraform?.required_providers?.[providerType(this.toolchain.provider)]) return;
    const binary = initializedProviderBinary(this.dir, source, version);
    if (!binary) return;
    this.provider = await ProviderServer.start(binary, this.env);
    // Without it every command starts the provider itself: slower, same result.
    if (this.provider) this.env.TF_REATTACH_PROVIDERS = this.provider.reattach;
  }

  /** Runs `init` here and keeps a copy of its result for the toolchain's other workspaces. */
  private async initTemplate(): Promise<string> {
    await this.run(["init", "-input=false", "-no-color"]);
    const template = fs.mkdtempSync(path.join(os.tmpdir(), "nm-tf-init-"));
    copyInitialized(this.dir, template);
    process.once("exit", () => fs.rmSync(template, { recursive: true, force: true }));
    return template;
  }

  /** `terraform validate -json` (the override changes only backend and provider credentials, which validate does not judge). */
  async validate(): Promise<{ valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] }> {
    await this.init();
    return JSON.parse(await this.run(["validate", "-json", "-no-color"])) as {
      valid: boolean;
      error_count: number;
      warning_count: number;
      diagnostics: unknown[];
    };
  }

  /**
   * An offline plan, read back with `show -json`: against `state` when given (written to the
   * local backend first), else against an empty state; with `destroy`, the plan of
   * `terraform destroy`.
   */
  async plan(options: PlanOptions = {}): Promise<PlanResult> {
    // The stack as synthesized; the offline override follows from it.
    const key = planKey([
      this.toolchain.version,
      `${this.toolchain.provider.source} ${this.toolchain.provider.version}`,
      options.destroy ? "destroy" : "apply",
      this.options.reuseProvider === false ? "provider per command" : "provider reused",
      options.state ? JSON.stringify(options.state) : "",
      ...this.stackFiles,
    ]);
    return cachedPlan(process.env[PLAN_CACHE_VARIABLE], key, () => this.planHere(options));
  }

  /** A plan as Terraform prints it, not read back as JSON (what a person reviews). */
  async planText(options: PlanOptions = {}): Promise<string> {
    return (await this.planToFile(options)).text;
  }

  private async planHere(options: PlanOptions): Promise<PlanResult> {
    const { text } = await this.planToFile(options);
    return { text, plan: await this.readPlan() };
  }

  /** The plan file of the last plan, read back with `show -json`. */
  private async readPlan(): Promise<TerraformPlan> {
    return JSON.parse(await this.run(["show", "-json", PLAN_FILE])) as TerraformPlan;
  }

  /**
   * Whether a plan would change anything (`plan -detailed-exitcode`): when it would not,
   * Terraform's words suffice and the plan is not read back (`show -json` costs a provider
   * start); when it would, the plan as {@link plan} gives it.
   */
  async planChanges(
    options: PlanOptions = {},
  ): Promise<{ readonly changes: false; readonly text: string } | ({ readonly changes: true } & PlanResult)> {
    const { text, code } = await this.planToFile(options, true);
    if (code === 0) return { changes: false, text };
    return { changes: true, text, plan: await this.readPlan() };
  }

  private async planToFile(options: PlanOptions, detailedExitCode = false): Promise<{ text: string; code: number }> {
    await this.init();
    const statePath = path.join(this.dir, OFFLINE_STATE_FILE);
    fs.rmSync(statePath, { force: true });
    if (options.state) fs.writeFileSync(statePath, JSON.stringify(options.state, null, 2));
    const args = [
      "plan",
      ...(options.destroy ? ["-destroy"] : []),
      ...(detailedExitCode ? ["-detailed-exitcode"] : []),
      "-refresh=false",
      "-lock=false",
      "-input=false",
      "-no-color",
      `-out=${PLAN_FILE}`,
    ];
    // With -detailed-exitcode, 2 means "succeeded, with changes".
    const { stdout, code } = await this.runWithExitCode(args, detailedExitCode ? [0, 2] : [0]);
    return { text: stdout, code };
  }

  dispose(): void {
    this.provider?.stop();
    if (!this.options.keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
