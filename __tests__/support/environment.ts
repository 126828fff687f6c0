/**
 * A small environment of the tests' own, and a builder of variations of it, so that a test
 * states only what it is about and a change to the shipped example environments breaks only
 * the tests that are about them.
 */
import type { EnvironmentConfig } from "../../constructs";
import type { FlowLogField } from "../../constructs/records/record-format";

/** The base: one CloudWatch Logs destination (30 days), default format, two AZs, no NAT. */
export const BASE_ENVIRONMENT: EnvironmentConfig = Object.freeze({
  name: "test",
  accountId: "111111111111",
  region: "ap-northeast-1",
  network: { cidr: "10.10.0.0/16", availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"], natGateways: "none" },
  flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations: [{ type: "cloud-watch-logs", retentionInDays: 30 }] },
  monitoring: { alarmEmails: ["network-alerts@example.com"] },
  state: { bucket: "test-network-monitoring-tfstate", region: "ap-northeast-1" },
}) as EnvironmentConfig;

/** The change that takes monitoring out (for environments without a CloudWatch Logs destination). */
export const NO_MONITORING = { monitoring: undefined };

/** A change to an environment: a deep patch (objects merge, lists and values replace, `undefined` removes) or an edit. */
export type EnvironmentChange = Record<string, unknown> | ((e: any) => void);

function merge(base: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  if (typeof base !== "object" || base === null || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/**
 * The base environment (or `from`) with changes applied in order, as a fresh deep copy. Types
 * are not checked: bad input is what many tests are about.
 */
export function environmentWith(...changes: EnvironmentChange[]): EnvironmentConfig {
  return environmentFrom(BASE_ENVIRONMENT, ...changes);
}

/** `from` with changes applied in order, as a fresh deep copy. */
export function environmentFrom(from: EnvironmentConfig, ...changes: EnvironmentChange[]): EnvironmentConfig {
  let e = structuredClone(from) as any;
  for (const change of changes) {
    if (typeof change === "function") change(e);
    else e = merge(e, change);
  }
  return e as EnvironmentConfig;
}

/**
 * An example environment as it was before it moved to the organisation's archive: its own S3
 * archive live again (no longer retired), no organisation-archive destination. What the tests
 * of one environment's archive and Athena take.
 */
export function withOwnArchive(from: EnvironmentConfig): EnvironmentConfig {
  return environmentFrom(from, (e) => {
    e.flowLogs.destinations = e.flowLogs.destinations
      .filter((d: { type: string }) => d.type !== "organization-archive")
      .map((d: { retired?: boolean }) => {
        const { retired: _retired, ...live } = d;
        return live;
      });
  });
}

/**
 * An environment of `logFormat` archived in plain text under Hive-compatible prefixes, with
 * Athena: the layout the Athena tests read besides Parquet.
 */
export function plainTextArchive(logFormat: FlowLogField[]): EnvironmentConfig {
  return environmentWith((e) => {
    e.flowLogs.logFormat = logFormat;
    e.flowLogs.destinations = [
      {
        type: "s3",
        fileFormat: "plain-text",
        hiveCompatiblePartitions: true,
        encryption: "sse-s3",
        lifecycle: { glacierStorageClass: "GLACIER_IR" },
        athena: true,
      },
    ];
  }, NO_MONITORING);
}
