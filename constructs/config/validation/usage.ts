/** The usage section: what the cost estimate assumes of traffic and people (its fields: `fields/usage.ts`). */
import { USAGE_DEFAULTS } from "../defaults";
import { resolveDeclared } from "../fields/declare";
import { USAGE } from "../fields/usage";
import type { ResolvedUsage } from "../resolved";
import { Checker } from "./checker";

/** Checks `usage` (absent: every default) and fills in the defaults. */
export function checkUsage(c: Checker, v: unknown): ResolvedUsage | undefined {
  if (v === undefined) return USAGE_DEFAULTS;
  return c.section(() => resolveDeclared<ResolvedUsage>(c, "usage", v, USAGE));
}

/**
 * Usage assumptions given outside an environment (a stack of the library's constructs, a
 * `--usage` file), checked and completed; throws a `ConfigError` naming `label` and
 * each bad field.
 */
export function resolveUsage(raw: unknown, label: string): ResolvedUsage {
  const c = new Checker();
  const usage = checkUsage(c, raw);
  if (!usage || c.problems.length > 0) throw c.error(label);
  return usage;
}
