/** The usage section: what the cost estimate assumes of traffic and people (its fields: `fields/usage.ts`). */
import { USAGE_DEFAULTS } from "../defaults";
import { resolveDeclared, type ObjectDecl } from "../fields/declare";
import { USAGE } from "../fields/usage";
import type { ResolvedUsage } from "../resolved";
import { Checker } from "./checker";

/**
 * Checks `usage` (absent: every default) against its declaration (an environment's `USAGE`, or
 * the archive's fields of it) and fills in the defaults.
 */
export function checkUsage(c: Checker, v: unknown, declared: ObjectDecl = USAGE): ResolvedUsage | undefined {
  if (v === undefined) return USAGE_DEFAULTS;
  const given = c.section(() => resolveDeclared<Partial<ResolvedUsage>>(c, "usage", v, declared));
  return given && { ...USAGE_DEFAULTS, ...given };
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
