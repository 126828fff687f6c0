/**
 * The offline override: a `*_override.tf.json` that Terraform merges over the synthesized
 * stack, swapping its backend for a local state file and giving every configuration of the
 * provider fake credentials and the `skip_*` settings, so that `plan` calls no AWS API.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ProviderPin } from "./provider";
import { providerType } from "./provider";

/** The override file Terraform merges over the stack. */
export const OFFLINE_OVERRIDE_FILE = "offline_override.tf.json";

/** The state file of an offline workspace, relative to it (the same backend everywhere, so one init serves all). */
export const OFFLINE_STATE_FILE = "offline.tfstate";

/** Provider settings of an offline plan: fake credentials, no AWS call, no account check. */
const OFFLINE_AWS_PROVIDER = {
  access_key: "AKIAOFFLINEPLAN00000",
  secret_key: "offline-plan-fake-secret",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  allowed_account_ids: null,
};

/** The synthesized stack's JSON, as far as the toolkit reads it. */
export interface StackJson {
  readonly terraform?: { readonly required_providers?: Record<string, unknown> };
  readonly provider?: Record<string, { alias?: string }[] | { alias?: string }>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown }>;
}

/** Reads the `cdk.tf.json` of a stack directory (nothing for a directory of hand-written configuration). */
export function readStack(dir: string): StackJson {
  const file = path.join(dir, "cdk.tf.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StackJson) : {};
}

/** Aliases of the stack's configurations of a provider ("" for the default one). */
export function providerAliases(stack: StackJson, type: string): string[] {
  const configs = stack.provider?.[type];
  const list = Array.isArray(configs) ? configs : configs ? [configs] : [];
  return list.length === 0 ? [""] : list.map((p) => p.alias ?? "");
}

/** Writes the offline override into a workspace directory. */
export function writeOfflineOverride(dir: string, stack: StackJson, provider: ProviderPin): void {
  const type = providerType(provider);
  const override = {
    terraform: { backend: { local: { path: OFFLINE_STATE_FILE } } },
    // One entry per configuration (default and aliases) of the provider.
    provider: { [type]: providerAliases(stack, type).map((alias) => ({ ...(alias ? { alias } : {}), ...OFFLINE_AWS_PROVIDER })) },
  };
  fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(override, null, 2));
}
