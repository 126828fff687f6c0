/** The usage section: what the cost estimate assumes of traffic and people. */
import { USAGE_DEFAULTS } from "../defaults";
import type { ResolvedUsage } from "../resolved";
import type { UsageAssumptions } from "../types";
import { Checker, fieldsOf } from "./checker";

const USAGE_FIELDS = fieldsOf<UsageAssumptions>({
  flowLogGbPerDay: true,
  rejectedShare: true,
  logGroupStoredShare: true,
  archiveStoredShare: true,
  natGbPerDay: true,
  insightsGbScannedPerDay: true,
  athenaTbScannedPerMonth: true,
  athenaQueriesPerMonth: true,
  athenaDaysQueried: true,
  estimateYear: true,
  notificationsPerMonth: true,
  kmsRequestsPerKeyPerMonth: true,
  s3ObjectsPerFlowLogPerDay: true,
  accountFreeTier: true,
});

/** How each number is checked: a share, a count (whole number) or a quantity (any number >= 0). */
const KIND: Record<
  Exclude<keyof UsageAssumptions, "accountFreeTier">,
  "share" | "positive share" | "count" | "days" | "year" | "quantity"
> = {
  flowLogGbPerDay: "quantity",
  rejectedShare: "share",
  logGroupStoredShare: "positive share",
  archiveStoredShare: "positive share",
  natGbPerDay: "quantity",
  insightsGbScannedPerDay: "quantity",
  athenaTbScannedPerMonth: "quantity",
  athenaQueriesPerMonth: "count",
  athenaDaysQueried: "days",
  estimateYear: "year",
  notificationsPerMonth: "count",
  kmsRequestsPerKeyPerMonth: "count",
  s3ObjectsPerFlowLogPerDay: "count",
};

const RULES = {
  share: [(n: number) => n >= 0 && n <= 1, "expected a number from 0 to 1"],
  "positive share": [(n: number) => n > 0 && n <= 1, "expected a number above 0 and at most 1"],
  count: [(n: number) => Number.isInteger(n) && n >= 0, "expected a whole number, 0 or more"],
  days: [(n: number) => Number.isInteger(n) && n >= 1, "expected a whole number of days, 1 or more"],
  year: [(n: number) => Number.isInteger(n) && n >= 1 && n <= 100, "expected a year after the first deploy: 1 (the first), 2, ..."],
  quantity: [(n: number) => n >= 0, "expected a number, 0 or more"],
} as const;

/** Checks `usage` (absent: every default) and fills in the defaults. */
export function checkUsage(c: Checker, v: unknown): ResolvedUsage | undefined {
  if (v === undefined) return USAGE_DEFAULTS;
  if (!c.isObject("usage", v, USAGE_FIELDS)) return undefined;
  return c.section(() => {
    const out: Record<string, number | boolean> = { ...USAGE_DEFAULTS };
    for (const [field, kind] of Object.entries(KIND)) {
      const value = v[field];
      if (value === undefined) continue;
      const [ok, valid] = RULES[kind];
      if (c.number(`usage.${field}`, value, ok, valid)) out[field] = value;
    }
    if (v.accountFreeTier !== undefined && c.boolean("usage.accountFreeTier", v.accountFreeTier)) out.accountFreeTier = v.accountFreeTier;
    return out as unknown as ResolvedUsage;
  });
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
