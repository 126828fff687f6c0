/**
 * CloudWatch Logs metric filter patterns for flow log records, built from a record format's
 * field order. A flow log record is one line of space-separated values, so a space-delimited
 * pattern names every field of the format in its position (`[version, account_id, ...]`) and
 * puts conditions on the fields that matter: nothing is hand-written per format, and a
 * pattern stays right when the format changes.
 */
import type { FieldFormat, FlowLogField } from "../records/record-format";
import { REMOTE_ACCESS_PORTS, TCP } from "../records/query-catalogue";

/** A comparison of one field with a value. Strings compare as text, numbers as numbers. */
export interface FieldComparison<F extends string = FlowLogField> {
  readonly field: F;
  readonly op: "=" | "!=" | ">" | ">=" | "<" | "<=";
  readonly value: string | number;
}

/**
 * Conditions of a pattern, one entry per field: every entry must hold (AND across fields); the
 * comparisons of one entry are alternatives (OR) on its field, as in `dstport=22 || dstport=3389`.
 */
export type PatternConditions<F extends string = FlowLogField> = readonly (readonly FieldComparison<F>[])[];

/** CloudWatch Logs' limit on the length of a filter pattern. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** The name a pattern gives a field: the field name with `_` for `-` (`log-status` is `log_status`). */
export function patternFieldName(field: string): string {
  return field.replace(/-/g, "_");
}

function renderComparison(c: FieldComparison<string>): string {
  const value = typeof c.value === "number" ? String(c.value) : JSON.stringify(c.value);
  return `${patternFieldName(c.field)}${c.op}${value}`;
}

/**
 * A space-delimited pattern over the format's fields, in order, with the conditions placed on
 * their fields. Throws when a condition names a field the format lacks (callers check
 * {@link missingFields} first) or the pattern would exceed CloudWatch's length limit.
 */
export function spaceDelimitedPattern<F extends string>(format: FieldFormat<F>, conditions: PatternConditions<F>): string {
  const byField = new Map<F, string>();
  for (const alternatives of conditions) {
    const fields = new Set(alternatives.map((a) => a.field));
    if (fields.size !== 1) throw new Error("the alternatives of one condition must compare the same field");
    const field = alternatives[0].field;
    if (!format.has(field)) throw new Error(`the record format has no field "${field}"`);
    if (byField.has(field)) throw new Error(`one condition per field: "${field}" has two`);
    byField.set(field, alternatives.map(renderComparison).join(" || "));
  }
  const slots = format.fields.map((f) => byField.get(f) ?? patternFieldName(f));
  const pattern = `[${slots.join(", ")}]`;
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new Error(`the filter pattern for this format is ${pattern.length} characters; CloudWatch allows ${MAX_FILTER_PATTERN_LENGTH}`);
  }
  return pattern;
}

/** A metric derived from flow log records. */
export interface FlowMetricSpec {
  /** Short id used in resource names. */
  readonly id: "rejected-flows" | "rejected-remote-access" | "skipdata-records" | "bytes";
  /** Metric name in the environment's namespace. */
  readonly metricName: string;
  /** What the metric counts, for descriptions and the dashboard. */
  readonly description: string;
  /** The conditions a record must meet to count. */
  readonly conditions: PatternConditions;
  /** The metric value: 1 per matching record, or a field's value (`$bytes`). */
  readonly value: { readonly count: true } | { readonly field: FlowLogField };
  /** CloudWatch unit. */
  readonly unit: "Count" | "Bytes";
  /** Whether it counts rejected traffic only (meaningless when only accepted traffic is logged). */
  readonly rejectedOnly: boolean;
}

/** The metrics every monitored environment gets. */
export const FLOW_METRICS: readonly FlowMetricSpec[] = [
  {
    id: "rejected-flows",
    metricName: "RejectedFlows",
    description: "flow records with action REJECT (traffic refused by a security group, a network ACL or VPC Block Public Access)",
    conditions: [[{ field: "action", op: "=", value: "REJECT" }]],
    value: { count: true },
    unit: "Count",
    rejectedOnly: true,
  },
  {
    id: "rejected-remote-access",
    metricName: "RejectedRemoteAccess",
    description: "rejected TCP flows to port 22 (SSH) or 3389 (RDP)",
    conditions: [
      [{ field: "action", op: "=", value: "REJECT" }],
      [{ field: "protocol", op: "=", value: TCP }],
      REMOTE_ACCESS_PORTS.map((p) => ({ field: "dstport", op: "=", value: p }) as const),
    ],
    value: { count: true },
    unit: "Count",
    rejectedOnly: true,
  },
  {
    id: "skipdata-records",
    metricName: "SkipDataRecords",
    description: "records with log-status SKIPDATA (the flow log service skipped records: capacity or an internal error)",
    conditions: [[{ field: "log-status", op: "=", value: "SKIPDATA" }]],
    value: { count: true },
    unit: "Count",
    rejectedOnly: false,
  },
  {
    id: "bytes",
    metricName: "Bytes",
    description: "bytes in the flow records (records with a byte count only: not NODATA or SKIPDATA)",
    conditions: [[{ field: "bytes", op: ">=", value: 0 }]],
    value: { field: "bytes" },
    unit: "Bytes",
    rejectedOnly: false,
  },
];

/** The fields a metric needs. */
export function metricFields(spec: FlowMetricSpec): FlowLogField[] {
  const fields = spec.conditions.flatMap((alts) => alts.map((a) => a.field));
  if ("field" in spec.value) fields.push(spec.value.field);
  return fields.filter((f, i) => fields.indexOf(f) === i);
}

/** The metric filter's value: `1`, or `$<field>`. */
export function metricValue(spec: FlowMetricSpec): string {
  return "field" in spec.value ? `$${patternFieldName(spec.value.field)}` : "1";
}
