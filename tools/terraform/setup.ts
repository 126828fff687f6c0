/**
 * Finding what offline Terraform needs: the CLI (TERRAFORM_BINARY, else `terraform` on PATH)
 * and a local filesystem mirror that holds the pinned provider (TF_PROVIDER_MIRROR, else the
 * first of the usual places that has it).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ProviderPin } from "./provider";

/** The toolchain of offline Terraform runs, with the caches its runs share. */
export interface TerraformToolchain {
  readonly ok: true;
  /** The terraform binary. */
  readonly terraform: string;
  /** Terraform's version. */
  readonly version: string;
  /** The provider mirror directory. */
  readonly mirror: string;
  /** The provider every run uses. */
  readonly provider: ProviderPin;
  /**
   * What runs of this toolchain share (one initialized `.terraform` per provider set, the
   * provider schema): filled as runs need it, owned by this value, never by the module.
   */
  readonly shared: {
    inits?: Map<string, Promise<string>>;
    schemas?: Promise<unknown>;
  };
}

/** What is missing for offline Terraform, or the toolchain. */
export type TerraformSetup = TerraformToolchain | { readonly ok: false; readonly reason: string };

/** Directories searched for a provider mirror when TF_PROVIDER_MIRROR is not set. */
export function mirrorCandidates(home = os.homedir()): string[] {
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

/** Whether a mirror directory holds the pinned provider, unpacked or packed. */
export function mirrorHolds(dir: string, provider: ProviderPin): boolean {
  const providerDir = path.join(dir, ...provider.source.split("/"));
  if (fs.existsSync(path.join(providerDir, provider.version))) return true;
  // Packed layout: <source>/terraform-provider-<type>_<version>_<os>_<arch>.zip
  return fs.existsSync(providerDir) && fs.readdirSync(providerDir).some((f) => f.includes(`_${provider.version}_`));
}

/** Finds the terraform binary and a mirror with `provider`. */
export function findTerraform(provider: ProviderPin, env: NodeJS.ProcessEnv = process.env): TerraformSetup {
  const terraform = env.TERRAFORM_BINARY || "terraform";
  const probe = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: { ...env, CHECKPOINT_DISABLE: "1" } });
  if (probe.error || probe.status !== 0) {
    return { ok: false, reason: `the Terraform CLI (${terraform}) is not installed or does not run` };
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const wanted = `${provider.source} ${provider.version}`;
  const fromEnv = env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    if (!mirrorHolds(fromEnv, provider)) return { ok: false, reason: `TF_PROVIDER_MIRROR=${fromEnv} holds no ${wanted}` };
    return { ok: true, terraform, version, mirror: fromEnv, provider, shared: {} };
  }
  const mirror = mirrorCandidates().find((d) => mirrorHolds(d, provider));
  if (!mirror) {
    return { ok: false, reason: `no provider mirror with ${wanted} (set TF_PROVIDER_MIRROR; searched ${mirrorCandidates().join(", ")})` };
  }
  return { ok: true, terraform, version, mirror, provider, shared: {} };
}

/** One line that says what offline Terraform uses, or why it cannot run. */
export function describeSetup(s: TerraformSetup): string {
  return s.ok ? `Terraform ${s.version}, provider mirror ${s.mirror}` : s.reason;
}
