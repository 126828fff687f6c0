/**
 * The cost estimate (tools/cost): priced from the synthesized resources, at fixed usage, with
 * the arithmetic written out here from the catalogue's ap-northeast-1 prices, so that a change
 * of the estimate's rules or of a price shows up as a difference a reviewer can follow.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Testing } from "cdktf";
import type { EnvironmentConfig, LogArchiveConfig, ResolvedUsage } from "../../constructs";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { USAGE_DEFAULTS } from "../../constructs/config/defaults";
import { APP_OPTIONS } from "../../environments";
// The examples, whatever environments a team adds to the folder.
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";
import {
  CATALOGUE,
  checkCatalogue,
  costFromArguments,
  runCost,
  estimate,
  estimateStack,
  MissingPriceError,
  PricedResource,
  PriceCatalogue,
  unitPrice,
} from "../../tools/cost";
import { usageOfStack } from "../../tools/cost/stacks";
import { problemsOf, synthEnvironment, writtenJson } from "../support/helpers";
import { generatedMembers } from "../../tools/bench/generated-environments";
import { validateEnvironments } from "../../constructs/config/validation/environment";
import { validateLogArchive } from "../../constructs/config/validation/log-archive";
import { LogArchiveStack } from "../../constructs/stacks/log-archive-stack";
import type { StackJsonForCost } from "../../tools/cost/resources";
import { environmentWith, withOwnArchive } from "../support/environment";

/** The example app's environments, as scripts/cost.ts hands them to the command. */
const APP = { environments, ...APP_OPTIONS };

/** Usage chosen so that the arithmetic is short: 12 GB a day is 365 GB a month (12 × 365 / 12). */
const FIXED: ResolvedUsage = {
  flowLogGbPerDay: 12,
  transitGatewayFlowLogGbPerDay: 24,
  rejectedShare: 0.1,
  logGroupStoredShare: 0.5,
  archiveStoredShare: 0.5,
  natGbPerDay: 12,
  insightsGbScannedPerDay: 0.12,
  athenaTbScannedPerMonth: 1,
  athenaQueriesPerMonth: 1000,
  athenaDaysQueried: 7,
  // From the third year on: every rotating key has its two charged rotations (steady state).
  estimateYear: 3,
  notificationsPerMonth: 1000,
  kmsRequestsPerKeyPerMonth: 10000,
  s3ObjectsPerFlowLogPerDay: 288,
  accountFreeTier: true,
};

const example = (name: string): EnvironmentConfig => environments.find((e) => e.name === name)!;
/** An example environment with its own archive (as before the organisation's archive): what the archive's prices are tested on. */
const withArchive = (name: string): EnvironmentConfig => withOwnArchive(example(name));

/** The estimate of an environment's stack as synthesized, `//` (where the usage is recorded) included. */
function estimateOf(environment: EnvironmentConfig) {
  const { stack } = synthEnvironment(environment);
  return estimateStack(environment.name, writtenJson(stack));
}

const sum = (terms: Record<string, number>) => Object.values(terms).reduce((a, b) => a + b, 0);

describe("the estimate of each example environment at fixed usage (ap-northeast-1 prices)", () => {
  // Shared by all three: 365 GB of records a month to CloudWatch Logs at $0.76 (first 10 TB);
  // Logs Insights scans 0.12 × 365 / 12 = 3.65 GB at $0.0076; 4 custom metrics, the alarms'
  // metrics (under 10) and 1 dashboard (under 3) within the account's free allowance; 1,000
  // alarm notifications published (the first million free).
  const common = { vendedToLogs: 365 * 0.76, insights: 3.65 * 0.0076 };

  test("dev: one flow log to CloudWatch Logs kept 30 days, one key", () => {
    const expected = sum({
      ...common,
      // 12 GB/day × 0.5 stored × 30 days of retention = 180 GB held at steady state.
      storage: 180 * 0.033,
      // The alarm topic's key: $1 a month and $1 for each of its first two rotations.
      key: 3 * 1,
      // 10,000 key requests and 1,000 e-mails: within the free 20,000 and 1,000.
    });
    const e = estimateOf({ ...example("dev"), usage: FIXED });
    expect(e.region).toBe("ap-northeast-1");
    expect(e.usageSource).toBe("the environment's config");
    expect(e.total).toBeCloseTo(expected, 6);
  });

  // The archive of staging and prod: 365 GB a month to S3 at $0.38 and converted to Parquet at
  // $0.056; stored as 12 × 0.8 (Parquet is 20 % smaller than gzip text) × 0.5 = 4.8 GB a day,
  // 30 days in Standard, 60 in Standard-IA, then Glacier Instant Retrieval until expiry and 30
  // days more as an old version; 288 × 365 / 12 = 8,760 objects a month, each a PUT and one
  // transition per step.
  const archive = (glacierDays: number) => ({
    vendedToS3: 365 * 0.38,
    parquet: 365 * 0.056,
    standard: 4.8 * 30 * 0.025,
    infrequent: 4.8 * 60 * 0.0138,
    glacierIr: 4.8 * glacierDays * 0.005,
    toInfrequent: 8.76 * 0.01,
    toGlacierIr: 8.76 * 0.02,
    puts: 8.76 * 0.0047,
  });
  // 1 TB scanned by 1,000 queries: above their 10 MB minimum, under the cutoff.
  const athena = 1 * 5;

  test("staging: CloudWatch Logs 90 days, a Parquet archive expiring after 365 days, one NAT gateway", () => {
    const expected = sum({
      ...common,
      ...archive(365 - 90 + 30),
      storage: 12 * 0.5 * 90 * 0.033,
      // Three rotating keys; 30,000 requests, 20,000 of them free.
      keys: 3 * 3 * 1,
      keyRequests: 1 * 0.03,
      nat: 730 * 0.062 + 365 * 0.062,
      publicIp: 730 * 0.005,
      athena,
    });
    expect(estimateOf({ ...withArchive("staging"), usage: FIXED }).total).toBeCloseTo(expected, 6);
  });

  test("prod: 400 days of logs, an archive kept 1,096 days, three NAT gateways, an anomaly alarm, two e-mail subscriptions", () => {
    const expected = sum({
      ...common,
      ...archive(1096 - 90 + 30),
      storage: 12 * 0.5 * 400 * 0.033,
      keys: 4 * 3 * 1,
      keyRequests: 2 * 0.03,
      // 2 subscriptions × 1,000 e-mails, 1,000 free: 1,000 at $2 per 100,000.
      email: 0.01 * 2,
      nat: 3 * 730 * 0.062 + 365 * 0.062,
      publicIp: 3 * 730 * 0.005,
      athena,
    });
    const e = estimateOf({ ...withArchive("prod"), usage: FIXED });
    expect(e.total).toBeCloseTo(expected, 6);
    // 3 standard alarms and the anomaly alarm's 3 alarm metrics: 6, within the free 10.
    const alarmMetrics = e.lines.filter((l) => l.item === "alarm-metric");
    expect(alarmMetrics.map((l) => l.quantity).sort()).toEqual([1, 1, 1, 3]);
    expect(alarmMetrics.every((l) => l.free === l.quantity)).toBe(true);
  });
});

/** One resource, as the estimate reads it. */
const res = (type: string, name: string, values: Record<string, unknown> = {}, references: string[] = []): PricedResource => ({
  address: `${type}.${name}`,
  type,
  values,
  references,
});
const at = (usage: Partial<ResolvedUsage>, resources: PricedResource[], region = "ap-northeast-1") =>
  estimate(resources, { environment: "t", region, usage: { ...USAGE_DEFAULTS, ...usage } });
/** flowLogGbPerDay that delivers `gb` in a month. */
const perDay = (gb: number) => (gb * 12) / 365;

describe("volume tiers of vended-log delivery", () => {
  const toS3 = [res("aws_flow_log", "a", { log_destination_type: "s3" })];

  test("exactly 10 TB a month: all at the first tier", () => {
    expect(at({ flowLogGbPerDay: perDay(10240) }, toS3).total).toBeCloseTo(10240 * 0.38, 6);
  });

  test("10 TB and 1 GB: the last GB at the second tier", () => {
    expect(at({ flowLogGbPerDay: perDay(10241) }, toS3).total).toBeCloseTo(10240 * 0.38 + 1 * 0.228, 6);
  });

  test("60 TB: every tier, the last one over 50 TB", () => {
    const expected = 10240 * 0.38 + 20480 * 0.228 + 20480 * 0.114 + 10240 * 0.076;
    expect(at({ flowLogGbPerDay: perDay(61440) }, toS3).total).toBeCloseTo(expected, 4);
  });

  test("tiers count the month's volume across flow logs: two flow logs of 6 TB pay as 12 TB", () => {
    const two = [res("aws_flow_log", "a", { log_destination_type: "s3" }), res("aws_flow_log", "b", { log_destination_type: "s3" })];
    const e = at({ flowLogGbPerDay: perDay(6144) }, two);
    expect(e.total).toBeCloseTo(10240 * 0.38 + 2048 * 0.228, 6);
    expect(e.lines[0].monthly).toBeCloseTo(e.lines[1].monthly, 9);
  });

  test("a REJECT-only flow log delivers the rejected share; ACCEPT-only the rest", () => {
    const reject = at({ flowLogGbPerDay: 12, rejectedShare: 0.25 }, [res("aws_flow_log", "r", { traffic_type: "REJECT" })]);
    const accept = at({ flowLogGbPerDay: 12, rejectedShare: 0.25 }, [res("aws_flow_log", "a", { traffic_type: "ACCEPT" })]);
    expect(reject.lines[0].quantity).toBeCloseTo(365 * 0.25, 9);
    expect(accept.lines[0].quantity).toBeCloseTo(365 * 0.75, 9);
  });
});

describe("transit gateway flow logs are priced from their own usage", () => {
  test("a transit gateway's and an attachment's flow log deliver transitGatewayFlowLogGbPerDay each, whatever the VPC's rejected share", () => {
    const e = at({ flowLogGbPerDay: 12, transitGatewayFlowLogGbPerDay: 24, rejectedShare: 0.25 }, [
      res("aws_flow_log", "vpc", { traffic_type: "REJECT", log_destination_type: "s3" }),
      res("aws_flow_log", "tgw", { transit_gateway_id: "tgw-0123456789abcdef0", log_destination_type: "s3" }),
      res("aws_flow_log", "attachment", { transit_gateway_attachment_id: "tgw-attach-0123456789abcdef0", log_destination_type: "s3" }),
    ]);
    const delivery = e.lines
      .filter((l) => l.item === "vended-logs-s3")
      .map((l) => [l.address, Math.round(l.quantity * 100) / 100, l.basis]);
    expect(delivery).toEqual([
      ["aws_flow_log.vpc", 91.25, "12 GB/day × 0.25 (REJECT only) × 30.42 days"],
      ["aws_flow_log.tgw", 730, "24 GB/day of transit gateway records × 30.42 days"],
      ["aws_flow_log.attachment", 730, "24 GB/day of transit gateway records × 30.42 days"],
    ]);
  });

  test("into the organisation's archive: a member's transit gateway flow logs store their own GB beside its VPC's", () => {
    const member = (transitGateways: number) =>
      estimate([res("aws_s3_bucket", "archive", { bucket: "org-archive" })], {
        environment: "log-archive",
        region: "ap-northeast-1",
        usage: { ...USAGE_DEFAULTS, archiveStoredShare: 0.5 },
        inflow: {
          bucket: "org-archive",
          deliveries: [
            {
              environment: "hub",
              accountId: "444444444444",
              trafficType: "ALL",
              gbPerDay: 10,
              rejectedShare: 0.1,
              storedShare: 0.5,
              flowLogs: 1,
              transitGatewayFlowLogs: transitGateways,
              transitGatewayGbPerDay: 30,
            },
          ],
        },
      });
    const stored = (e: ReturnType<typeof member>) => e.lines.filter((l) => l.item === "s3-standard").reduce((s, l) => s + l.quantity, 0);
    // Parquet (0.8 of the text) at half the delivered bytes: 10 GB a day alone, 10 + 2 × 30 with two.
    expect(stored(member(2)) / stored(member(0))).toBeCloseTo(70 / 10, 6);
  });
});

describe("storage at steady state", () => {
  const group = (retention?: number) =>
    res(
      "aws_cloudwatch_log_group",
      "g",
      retention === undefined ? { arn: "arn:aws:logs:ap-northeast-1:111111111111:log-group:g" } : { retention_in_days: retention },
    );
  const writer = res("aws_flow_log", "f", { log_destination_type: "cloud-watch-logs" }, ["aws_cloudwatch_log_group.g"]);
  const storage = (retention?: number) =>
    at({ flowLogGbPerDay: 2, logGroupStoredShare: 0.5, insightsGbScannedPerDay: 0 }, [writer, group(retention)]);

  test("a log group holds ingest × retention: twice the days, twice the storage", () => {
    expect(storage(30).lines.find((l) => l.item === "logs-storage")!.quantity).toBe(2 * 0.5 * 30);
    expect(storage(60).lines.find((l) => l.item === "logs-storage")!.quantity).toBe(2 * 0.5 * 60);
  });

  test("a log group that never expires is priced at a year's records, and the estimate says it grows without end", () => {
    const e = storage(undefined);
    expect(e.lines.find((l) => l.item === "logs-storage")!.quantity).toBe(2 * 0.5 * 365);
    expect(e.notes).toContainEqual(expect.stringContaining("never expire, so storage grows every month without end"));
  });

  test("a flow log in a prior state finds its log group by ARN (no references there)", () => {
    const arn = "arn:aws:logs:ap-northeast-1:111111111111:log-group:g";
    const e = at({ flowLogGbPerDay: 2, logGroupStoredShare: 1 }, [
      res("aws_flow_log", "f", { log_destination: arn, log_destination_type: "cloud-watch-logs" }),
      res("aws_cloudwatch_log_group", "g", { arn, retention_in_days: 7 }),
    ]);
    expect(e.lines.find((l) => l.item === "logs-storage")!.quantity).toBe(14);
  });

  test("a storage class left before its minimum duration is billed the minimum (Glacier IR: 90 days)", () => {
    const bucket = res("aws_s3_bucket", "b", { bucket: "b" });
    const lifecycle = res(
      "aws_s3_bucket_lifecycle_configuration",
      "l",
      {
        rule: [
          {
            status: "Enabled",
            filter: [{ prefix: "" }],
            transition: [{ days: 30, storage_class: "GLACIER_IR" }],
            expiration: [{ days: 60 }],
          },
        ],
      },
      ["aws_s3_bucket.b"],
    );
    const e = at({ flowLogGbPerDay: 1, archiveStoredShare: 1 }, [
      res("aws_flow_log", "f", { log_destination_type: "s3" }, ["aws_s3_bucket.b"]),
      bucket,
      lifecycle,
    ]);
    const gir = e.lines.find((l) => l.item === "s3-glacier-ir")!;
    expect(gir.quantity).toBe(90);
    expect(gir.basis).toContain("30 days, billed as the class's minimum of 90");
  });
});

describe("alarms, dashboards and the account's free allowance", () => {
  const anomaly = res("aws_cloudwatch_metric_alarm", "a", {
    metric_query: [
      { id: "m1", metric: [{ metric_name: "Bytes", period: 300 }] },
      { id: "band", expression: "ANOMALY_DETECTION_BAND(m1, 3)" },
    ],
  });

  test("an anomaly-detection alarm counts as 3 alarm metrics", () => {
    const e = at({ accountFreeTier: false }, [anomaly]);
    expect(e.lines).toEqual([expect.objectContaining({ item: "alarm-metric", quantity: 3 })]);
    expect(e.total).toBeCloseTo(3 * 0.1, 9);
  });

  test("a high-resolution alarm (period under 60 s) is priced as such", () => {
    const e = at({ accountFreeTier: false }, [res("aws_cloudwatch_metric_alarm", "h", { period: 10 })]);
    expect(e.lines[0].item).toBe("alarm-metric-high-resolution");
    expect(e.total).toBeCloseTo(0.3, 9);
  });

  test("the first 3 dashboards of an account are free; without the free tier every one is paid", () => {
    const dashboards = ["a", "b", "c", "d"].map((n) => res("aws_cloudwatch_dashboard", n));
    expect(at({ accountFreeTier: true }, dashboards).total).toBeCloseTo(1 * 3, 9);
    expect(at({ accountFreeTier: false }, dashboards).total).toBeCloseTo(4 * 3, 9);
  });
});

describe("what AWS bills, not an upper bound", () => {
  test("a rotating KMS key: 1 key-month in the first year (the default), 2 in the second, 3 from the third; a key that does not rotate, 1", () => {
    const keys = [
      res("aws_kms_key", "rotating", { enable_key_rotation: true }),
      res("aws_kms_key", "fixed", { enable_key_rotation: false }),
    ];
    const months = (year?: number) =>
      at(year === undefined ? {} : { estimateYear: year }, keys)
        .lines.filter((l) => l.item === "kms-key")
        .map((l) => [l.address, l.quantity]);
    expect(months()).toEqual([
      ["aws_kms_key.rotating", 1],
      ["aws_kms_key.fixed", 1],
    ]);
    expect(months(2)[0]).toEqual(["aws_kms_key.rotating", 2]);
    expect(months(3)[0]).toEqual(["aws_kms_key.rotating", 3]);
    expect(months(10)[0]).toEqual(["aws_kms_key.rotating", 3]);
    expect(at({}, keys).lines[0].basis).toBe("year 1: the key, not yet rotated (it rotates yearly)");
  });

  test("log groups are billed on compressed bytes: prod's 400 days at the default 0.15, not at the ingested size", () => {
    const e = estimateOf({ ...withArchive("prod"), usage: undefined });
    const storage = e.lines.find((l) => l.item === "logs-storage")!;
    // 1 GB a day × 0.15 × 400 days = 60 GB-month at $0.033 (was 400 GB-month, $13.20, before the share).
    expect(storage.quantity).toBeCloseTo(60, 9);
    expect(storage.monthly).toBeCloseTo(60 * 0.033, 9);
    // The archive: Parquet is 20 % smaller than gzip text at 0.15, so 1 × 0.15 × 0.8 GB a day; 30 days in Standard.
    expect(e.lines.find((l) => l.item === "s3-standard")!.quantity).toBeCloseTo(0.12 * 30, 9);
  });
});

describe("npm run cost -- --diff: the cost of a config change without a plan", () => {
  test("two synthesized outputs: per stack before → after, and the lines that move; a new stack costs all of it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-diff-"));
    try {
      const synthTo = (out: string, envs: EnvironmentConfig[]) => {
        const app = new App({ outdir: path.join(dir, out) });
        for (const environment of envs) new NetworkMonitoringStack(app, { environment });
        app.synth();
        return path.join(dir, out);
      };
      const dev = example("dev");
      // A NAT gateway and 60 days of retention instead of 30: what plan-changes prices on a real plan.
      const costlier: EnvironmentConfig = {
        ...dev,
        network: { ...dev.network, natGateways: "single" },
        flowLogs: { ...dev.flowLogs, destinations: [{ type: "cloud-watch-logs", retentionInDays: 60 }] },
      };
      const before = synthTo("main", [dev]);
      const after = synthTo("branch", [costlier, { ...dev, name: "qa", network: { ...dev.network, cidr: "10.40.0.0/16" } }]);
      const diffs = runCost(["--json", "--diff", before, after]);
      const [devDiff, qa] = JSON.parse(diffs.output) as { stack: string; change: number; lines: { resource: string; item: string }[] }[];
      expect(devDiff.stack).toBe("dev");
      // ap-northeast-1: NAT $0.062 an hour and per GB, a public IPv4 address $0.005 an hour; 30 more days of 1 GB a day at 0.15 and $0.033.
      expect(devDiff.change).toBeCloseTo(730 * 0.062 + ((10 * 365) / 12) * 0.062 + 730 * 0.005 + 30 * 0.15 * 0.033, 6);
      expect(devDiff.lines.map((l) => `${l.resource} ${l.item}`)).toEqual([
        "network/nat-gateway-0 nat-gateway-hour",
        "network/nat-gateway-0 nat-gateway-gb",
        "network/nat-eip-0 public-ipv4-hour",
        "flow-logs/cloudwatch/log-group logs-storage",
      ]);
      expect(qa.stack).toBe("qa");
      expect(qa.change).toBeCloseTo(estimateOf(dev).total, 6);
      const text = runCost(["--diff", before, after]).output;
      expect(text).toMatch(/^- `dev`: \$24\.50 → \$92\.41 \(\*\*\+\$67\.92\*\* a month\)$/m);
      expect(text).toMatch(/^ {2}- network\/nat-gateway-0 nat-gateway-hour: \$0\.00 → \$45\.26 \(\+\$45\.26\)$/m);
      expect(text).toMatch(/^- `qa`: \$0\.00 \(no stack\) → \$24\.50/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("stacks synthesized by an earlier version", () => {
  test("0.3.0's recorded storedShare prices both log group and archive storage (a base commit's stacks, in --diff)", () => {
    const json = writtenJson(
      synthEnvironment({ ...example("dev"), usage: { logGroupStoredShare: 0.5, archiveStoredShare: 0.5 } }).stack,
    ) as {
      "//": Record<string, { usage: Record<string, unknown> }>;
    };
    const info = Object.values(json["//"]).find((v) => v && typeof v === "object" && "usage" in v)!;
    const { logGroupStoredShare: _l, archiveStoredShare: _a, ...rest } = info.usage;
    void _l;
    void _a;
    info.usage = { ...rest, storedShare: 0.5 };
    const storage = estimateStack("dev", json).lines.find((l) => l.item === "logs-storage")!;
    // 1 GB a day × 0.5 × 30 days.
    expect(storage.quantity).toBeCloseTo(15, 9);
  });
});

describe("S3 lifecycle and small objects", () => {
  test("files under 128 KB are not transitioned (S3's default since 2024): they stay in Standard, with no transition requests", () => {
    const items = (flowLogGbPerDay: number) => {
      const e = estimateOf({ ...withArchive("staging"), usage: { flowLogGbPerDay } });
      return { items: e.lines.filter((l) => l.address.startsWith("aws_s3_bucket.flow-logs")).map((l) => l.item), notes: e.notes };
    };
    // 1 GB a day: 1 × 0.15 × 0.8 GB over 288 files is about 437 KB a file: transitioned.
    expect(items(1).items).toEqual(expect.arrayContaining(["s3-standard-ia", "s3-transition-standard-ia", "s3-glacier-ir"]));
    // 10 MB a day: about 4.4 KB a file.
    const small = items(0.01);
    expect(small.items.filter((i) => i.startsWith("s3-")).sort()).toEqual(["s3-put", "s3-standard"]);
    expect(small.notes).toContainEqual(
      expect.stringMatching(/^flow-logs\/s3\/bucket\/bucket: objects of about 4\.4 KB are under the 128 KB/),
    );
  });
});

describe("Athena", () => {
  const workgroup = (cutoff?: number) =>
    res("aws_athena_workgroup", "w", cutoff === undefined ? {} : { configuration: [{ bytes_scanned_cutoff_per_query: cutoff }] });

  test("each query is billed at least 10 MB", () => {
    // 1,000,000 queries × 10 MB = 10,000,000 MB = 9.5367 TB, above the 0.001 TB scanned.
    const e = at({ athenaTbScannedPerMonth: 0.001, athenaQueriesPerMonth: 1_000_000 }, [workgroup()]);
    expect(e.total).toBeCloseTo(((1_000_000 * 10) / 1024 ** 2) * 5, 6);
  });

  test("the workgroup's per-query cutoff caps what a query can scan", () => {
    // 100 queries × 1 GB cutoff = 100 GB = 0.09765625 TB, under the 2 TB assumed.
    const e = at({ athenaTbScannedPerMonth: 2, athenaQueriesPerMonth: 100 }, [workgroup(1024 ** 3)]);
    expect(e.total).toBeCloseTo((100 / 1024) * 5, 6);
  });

  test("queries that reach past the Standard days pay S3's retrieval of what they read in Standard-IA and Glacier IR", () => {
    // prod's archive: Standard to day 30, Standard-IA to day 90, then Glacier Instant Retrieval.
    // 1 TB scanned over 120 days: 30/120 in Standard (free to read), 60/120 in Standard-IA at
    // $0.01 per GB, 30/120 in Glacier IR at $0.03 per GB.
    const lines = (days: number) =>
      estimateOf({ ...withArchive("prod"), usage: { ...FIXED, athenaDaysQueried: days } }).lines.filter((l) =>
        l.item.startsWith("s3-retrieval"),
      );
    expect(lines(120).map((l) => [l.item, l.quantity, Number(l.monthly.toFixed(4))])).toEqual([
      ["s3-retrieval-standard-ia", 512, Number((512 * 0.01).toFixed(4))],
      ["s3-retrieval-glacier-ir", 256, Number((256 * 0.03).toFixed(4))],
    ]);
    // The named queries' 7 days are all in Standard: nothing to retrieve.
    expect(lines(7)).toEqual([]);
  });

  test("a run of each verdict query over a day of the archive: the columns it reads of a day stored, at Athena's price per TB", () => {
    const { notes } = estimateOf({ ...withArchive("prod"), usage: FIXED });
    // prod stores 12 GB/day × 0.8 (Parquet) × 0.5 kept = 4.8 GB a day; of AWS's default format's
    // 14 columns the conversations read 11 (not version, account-id or packets).
    const gb = (12 * 0.8 * 0.5 * 11) / 14;
    const usd = (gb / 1024) * 5;
    const said = notes.filter((n) => /refused-conversations-by-layer|verdicts-by-interface/.test(n));
    expect(said).toEqual([
      `athena/query-refused-conversations-by-layer: one run over a day of the archive's records reads about ${gb.toFixed(3)} GB (11 of the table's 14 columns (Parquet)): about $${usd.toFixed(4)} in Athena`,
      `athena/query-verdicts-by-interface: one run over a day of the archive's records reads about ${gb.toFixed(3)} GB (11 of the table's 14 columns (Parquet)): about $${usd.toFixed(4)} in Athena`,
    ]);
  });

  test("at 500 members, whose accounts the table injects, a run reads the accounts it names: a share of the day", () => {
    const members = generatedMembers(500) as EnvironmentConfig[];
    const logArchive = validateLogArchive(APP.logArchive);
    const stack = new LogArchiveStack(Testing.app(), { archive: logArchive, environments: validateEnvironments(members, { logArchive }) });
    // As written to cdktf.out: with what flows into the archive from its members.
    const { notes } = estimateStack("log-archive", writtenJson(stack) as StackJsonForCost);
    const said = notes.filter((n) => n.includes("verdicts-by-account"));
    expect(said).toEqual([
      expect.stringMatching(/reads about [\d.]+ GB \(\d+ of the table's \d+ columns \(Parquet\), the \d+ accounts it names of 500\)/),
    ]);
    const [, gb, read, columns, named] = /about ([\d.]+) GB \((\d+) of the table's (\d+) columns \(Parquet\), the (\d+) accounts/
      .exec(said[0])!
      .map(Number);
    expect(named).toBeGreaterThan(10);
    expect(named).toBeLessThan(500);
    // Each member at its own usage (the generated members keep the defaults): what the day stores, in the share named.
    const stored = members.length * USAGE_DEFAULTS.flowLogGbPerDay * 0.8 * USAGE_DEFAULTS.archiveStoredShare;
    expect(gb).toBeCloseTo(((stored * read) / columns) * (named / 500), 3);
  });
});

describe("prices", () => {
  test("every item has a price for every region of the catalogue, each with the date it was read and its page", () => {
    expect(Object.keys(CATALOGUE.regions).sort()).toEqual([
      "ap-northeast-1",
      "ap-southeast-1",
      "ap-southeast-2",
      "eu-central-1",
      "eu-west-1",
      "us-east-1",
      "us-east-2",
      "us-west-2",
    ]);
    for (const [id, item] of Object.entries(CATALOGUE.items)) {
      expect([id, Object.keys(item.prices).sort()]).toEqual([id, Object.keys(CATALOGUE.regions).sort()]);
      expect(item.page).toMatch(/^https:\/\/aws\.amazon\.com\//);
      for (const p of Object.values(item.prices)) expect(p.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test("a region the catalogue lacks is an error naming the item and the region, never $0", () => {
    const env = environmentWith({ name: "saopaulo", region: "sa-east-1", network: { availabilityZones: ["sa-east-1a", "sa-east-1c"] } });
    const { stack } = synthEnvironment(env);
    const run = () => estimateStack(env.name, writtenJson(stack));
    expect(run).toThrow(MissingPriceError);
    expect(run).toThrow(
      'no price for "vended-logs-cloudwatch" in sa-east-1: the catalogue (tools/cost/prices.json) has it for us-east-1, eu-west-1, ap-northeast-1',
    );
  });

  test("npm run cost: a stack whose region the catalogue lacks is named with why, the others are still priced; --strict fails the run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-regions-"));
    try {
      const write = (env: EnvironmentConfig) => {
        fs.mkdirSync(path.join(dir, env.name));
        fs.writeFileSync(path.join(dir, env.name, "cdk.tf.json"), JSON.stringify(writtenJson(synthEnvironment(env).stack)));
        return path.join(dir, env.name);
      };
      const saoPaulo = write(
        environmentWith({ name: "saopaulo", region: "sa-east-1", network: { availabilityZones: ["sa-east-1a", "sa-east-1c"] } }),
      );
      const oregon = write(
        environmentWith({ name: "oregon", region: "us-west-2", network: { availabilityZones: ["us-west-2a", "us-west-2b"] } }),
      );
      const run = runCost(["--stack", saoPaulo, "--stack", oregon]);
      expect(run.output).toMatch(/^saopaulo: not estimated: no price for "vended-logs-cloudwatch" in sa-east-1: /m);
      expect(run.output).toMatch(/^oregon \(us-west-2\): \$[\d,]+\.\d\d a month$/m);
      for (const [name, region] of [
        ["frankfurt", "eu-central-1"],
        ["singapore", "ap-southeast-1"],
        ["sydney", "ap-southeast-2"],
      ]) {
        const stack = write(environmentWith({ name, region, network: { availabilityZones: [`${region}a`, `${region}b`] } }));
        const priced = runCost(["--strict", "--stack", stack]);
        expect(priced.failed).toBe(false);
        expect(priced.output).toMatch(new RegExp(`^${name} \\(${region}\\): \\$[\\d,]+\\.\\d\\d a month$`, "m"));
        expect(priced.output).toMatch(
          new RegExp(`^\\s*Not yet checked against a copy of AWS's page for ${region}: .*vended-logs-cloudwatch`, "m"),
        );
      }
      expect(run.failed).toBe(false);
      expect(runCost(["--strict", "--stack", saoPaulo, "--stack", oregon]).failed).toBe(true);
      expect(JSON.parse(runCost(["--json", "--stack", saoPaulo]).output)).toEqual([
        { environment: "saopaulo", error: expect.stringMatching(/^no price for /) },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an item missing from one region fails only where it is used", () => {
    const { "ap-northeast-1": _dropped, ...others } = CATALOGUE.items.dashboard.prices;
    void _dropped;
    const catalogue: PriceCatalogue = {
      ...CATALOGUE,
      items: { ...CATALOGUE.items, dashboard: { ...CATALOGUE.items.dashboard, prices: others } },
    };
    const options = { environment: "t", region: "ap-northeast-1", usage: USAGE_DEFAULTS, catalogue };
    expect(() => estimate([res("aws_cloudwatch_dashboard", "d")], options)).toThrow('no price for "dashboard" in ap-northeast-1');
    expect(estimate([res("aws_nat_gateway", "n")], options).total).toBeGreaterThan(0);
  });

  test("a malformed catalogue is refused with the path of each problem", () => {
    const bad = JSON.parse(JSON.stringify(CATALOGUE));
    bad.items["vended-logs-s3"].prices["us-east-1"].usd = [0.25, 0.15];
    delete bad.items.dashboard.prices["eu-west-1"].read;
    expect(() => checkCatalogue(bad)).toThrow(
      /items\.vended-logs-s3\.prices\.us-east-1\.usd: expected 4 tier prices[\s\S]*items\.dashboard\.prices\.eu-west-1\.read/,
    );
  });

  test("a unit price is the catalogue's price over the units it is quoted for", () => {
    expect(unitPrice(CATALOGUE, "s3-put", "us-east-1").perUnit).toEqual([0.005 / 1000]);
  });
});

describe("usage assumptions", () => {
  test("are validated with the environment: each bad field named with its value and what is valid", () => {
    const problems = problemsOf(() =>
      synthEnvironment(
        environmentWith({ usage: { flowLogGbPerDay: -1, rejectedShare: 2, athenaQueriesPerMonth: 1.5, logGroupStoredShare: 0, bogus: 1 } }),
      ),
    );
    expect(problems).toContain('environment "test"');
    expect(problems).toContain("usage.flowLogGbPerDay = -1: expected a number, 0 or more");
    expect(problems).toContain("usage.rejectedShare = 2: expected a number from 0 to 1");
    expect(problems).toContain("usage.athenaQueriesPerMonth = 1.5: expected a whole number, 0 or more");
    expect(problems).toContain("usage.logGroupStoredShare = 0: expected a number above 0 and at most 1");
    expect(problems).toContain("usage.bogus = 1: unknown field");
  });

  test("given partly, the rest are the defaults", () => {
    const e = estimateOf(environmentWith({ usage: { natGbPerDay: 3 } }));
    expect(e.usage).toEqual({ ...USAGE_DEFAULTS, natGbPerDay: 3 });
  });
});

describe("the usage a plan is priced with comes from the synthesized stack, not from this app's environments", () => {
  test("a stack's recorded usage; the defaults, named as such, for a stack that is not there", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-usage-"));
    try {
      const env = environmentWith({ name: "team-x", usage: { flowLogGbPerDay: 7 } });
      fs.mkdirSync(path.join(dir, "team-x"));
      fs.writeFileSync(path.join(dir, "team-x", "cdk.tf.json"), JSON.stringify(writtenJson(synthEnvironment(env).stack)));
      expect(usageOfStack(dir, "team-x")).toEqual({ usage: { ...USAGE_DEFAULTS, flowLogGbPerDay: 7 }, source: "the environment's config" });
      expect(usageOfStack(dir, "dev")).toEqual({ usage: USAGE_DEFAULTS, source: `defaults: no synthesized stack dev in ${dir}` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run cost", () => {
  test("--json: every environment, each with the usage its stack records (here the defaults) and its total; then the organisation's archive", () => {
    const all = JSON.parse(costFromArguments(["--json"], APP)) as {
      environment: string;
      total: number;
      usage: ResolvedUsage;
      usageSource: string;
    }[];
    expect(all.map((e) => e.environment)).toEqual(["dev", "staging", "prod", "log-archive"]);
    for (const e of all.slice(0, 3)) {
      expect(e.usage).toEqual(USAGE_DEFAULTS);
      expect(e.usageSource).toBe("the environment's config");
    }
    // The archive records its own usage (the example gives none: the defaults) beside its members' deliveries.
    expect(all[3].usageSource).toBe("the archive's config");
    expect(all[3].usage).toEqual(USAGE_DEFAULTS);
    expect(all[0].total).toBeCloseTo(estimateOf(example("dev")).total, 9);
  });

  test("prints a table per environment: a line per resource and item, the total, the assumptions and the prices' date", () => {
    const text = costFromArguments(["dev"], APP);
    expect(text).toMatch(/^dev \(ap-northeast-1\): \$[\d,]+\.\d\d a month\n/);
    expect(text).toMatch(/^ {2}flow-logs\/vpc-to-cloudwatch +vended-logs-cloudwatch +30\.42 GB +\$0\.76 +\$23\.12$/m);
    expect(text).toMatch(/^ {2}Total +\$[\d,]+\.\d\d$/m);
    expect(text).toContain("Usage (the environment's config): flowLogGbPerDay 1, transitGatewayFlowLogGbPerDay 1, rejectedShare 0.1");
    expect(text).toContain("Prices: tools/cost/prices.json, read 2026-11-23");
  });

  test("as a person reads it: lines named by construct path (a subscription by its address), most costly first, within 120 columns; --json keeps the Terraform address", () => {
    const text = costFromArguments(["prod"], APP);
    expect(Math.max(...text.split("\n").map((l) => l.length))).toBeLessThanOrEqual(120);
    const rows = text.split("\n").filter((l) => /^ {2}\S.* \$[\d,.]+$/.test(l) && !l.startsWith("  Total"));
    const monthly = rows.map((r) => Number(r.slice(r.lastIndexOf("$") + 1).replace(/,/g, "")));
    expect(monthly).toEqual([...monthly].sort((a, b) => b - a));
    expect(rows[0]).toMatch(/^ {2}network\/nat-gateway-\d +nat-gateway-hour /);
    expect(text).toMatch(/^ {2}\S*email network-alerts@example\.com +sns-email /m);
    expect(text).not.toMatch(/aws_\w+\.\S+_[0-9A-F]{8}/);
    const [json] = JSON.parse(costFromArguments(["--json", "prod"], APP)) as { lines: { address: string; resource: string }[] }[];
    expect(json.lines.find((l) => l.resource === "flow-logs/vpc-to-organization-archive")?.address).toMatch(
      /^aws_flow_log\.flow-logs_vpc-to-organization-archive_[0-9A-F]{8}$/,
    );
  });

  test("the organisation's archive: every member's Parquet deliveries stored through its lifecycle, its keys and Athena", () => {
    const [archive] = JSON.parse(costFromArguments(["--json", "log-archive"], APP)) as {
      lines: { resource: string; item: string; quantity: number }[];
      total: number;
    }[];
    // staging and prod deliver 1 GB a day each (their usage's default), stored as Parquet (0.8) at 0.15: 0.24 GB a day.
    const standard = archive.lines.find((l) => l.item === "s3-standard");
    expect(standard?.resource).toMatch(/^archive\/bucket/);
    expect(standard?.quantity).toBeCloseTo(2 * 1 * 0.8 * 0.15 * 30, 9);
    // The archive's key, the results key and the delivery watch's topic key.
    expect(archive.lines.filter((l) => l.item === "kms-key").map((l) => l.resource)).toEqual([
      "archive/kms/key",
      "athena/results-key/key",
      "delivery-watch/topic/key/key",
    ]);
    expect(archive.lines.some((l) => l.item === "athena-scanned")).toBe(true);
    // A member pays the delivery; the archive, the storage.
    const [prodEstimate] = JSON.parse(costFromArguments(["--json", "prod"], APP)) as { lines: { item: string }[] }[];
    expect(prodEstimate.lines.map((l) => l.item)).toContain("vended-logs-s3");
    expect(prodEstimate.lines.map((l) => l.item)).not.toContain("s3-standard");
  });

  test("the delivery watch at 500 members in 17 regions: LIST requests grow with the members, one metric and one alarm whatever their number", () => {
    const members = generatedMembers(500) as EnvironmentConfig[];
    // The archive's stack alone (its members are read from their configs, no member stack is made).
    const price = (envs: EnvironmentConfig[], freeTier: boolean) => {
      const logArchive = validateLogArchive({ ...(APP.logArchive as LogArchiveConfig), usage: { accountFreeTier: freeTier } });
      const stack = new LogArchiveStack(Testing.app(), { archive: logArchive, environments: validateEnvironments(envs, { logArchive }) });
      const json = JSON.parse(Testing.synth(stack)) as StackJsonForCost;
      return estimateStack("log-archive", json, { usage: logArchive.usage, source: "the archive's config" }).lines.filter((l) =>
        l.address.includes("delivery-watch"),
      );
    };
    const lines = price(members, false);
    const of = (item: string) => lines.find((l) => l.item === item)!;
    // 730 runs a month (rate(1 hour)); each lists every delivery's current hour folder and, early in the hour, the one before.
    expect(of("lambda-requests").quantity).toBeCloseTo(730, 6);
    expect(of("s3-list").quantity).toBeCloseTo(500 * 2 * 730, 6);
    expect(of("s3-list").monthly).toBeCloseTo((500 * 2 * 730 * 0.0047) / 1000, 6);
    expect(of("custom-metric").quantity).toBe(1);
    expect(of("alarm-metric").quantity).toBe(1);
    // A run: a second to start, 1,000 requests 16 at a time at 50 ms; 256 MB.
    expect(of("lambda-gb-second-arm").quantity).toBeCloseTo(730 * (1 + (1000 / 16) * 0.05) * 0.25, 6);
    const total = lines.reduce((sum, l) => sum + l.monthly, 0);
    // The topic's key is most of it beside the requests: about $5 a month for 500 members, without a free tier.
    expect(total).toBeGreaterThan(4.5);
    expect(total).toBeLessThan(5.5);
    // S3 request metrics by prefix would be a custom metric each (and more): 500 × $0.30 already, before any alarm.
    expect(total).toBeLessThan(500 * 0.3);
    // Two members: the key and cents.
    const two = price(members.slice(0, 2), true).reduce((sum, l) => sum + l.monthly, 0);
    expect(two).toBeGreaterThan(1);
    expect(two).toBeLessThan(1.1);
  });

  test("the archive's own usage prices its Athena; the usage line names the archive's fields and each member's delivery", () => {
    const busy = {
      ...APP,
      logArchive: { ...(APP.logArchive as LogArchiveConfig), usage: { athenaTbScannedPerMonth: 0.4, athenaQueriesPerMonth: 2000 } },
    };
    const [archive] = JSON.parse(costFromArguments(["--json", "log-archive"], busy)) as { lines: { item: string; quantity: number }[] }[];
    expect(archive.lines.find((l) => l.item === "athena-scanned")?.quantity).toBeCloseTo(0.4, 9);
    const text = costFromArguments(["log-archive"], busy).replace(/\n {4}/g, " ");
    expect(text).toContain("Usage (the archive's config): athenaTbScannedPerMonth 0.4, athenaQueriesPerMonth 2000, athenaDaysQueried 7,");
    expect(text).not.toContain("flowLogGbPerDay");
    expect(text).toContain(
      "members' deliveries, each by its own usage: staging 1 flow log(s) × 1 GB/day, archiveStoredShare 0.15; prod 1 flow log(s) × 1 GB/day, archiveStoredShare 0.15",
    );
  });

  test("an unknown environment or option is refused with what is valid", () => {
    expect(() => costFromArguments(["qa"], APP)).toThrow(
      'unknown environment "qa"; the stacks that can be priced are the environments dev, staging, prod, and the organisation\'s archive, log-archive',
    );
    // A stack folder that is not there is a message, not the file system's ENOENT.
    expect(() => costFromArguments(["--stack", "/nowhere/stacks/dev"], APP)).toThrow(
      /^\/nowhere\/stacks\/dev: no synthesized stack there \(expected a stack folder of cdktf\.out\/stacks, or its cdk\.tf\.json\)$/,
    );
    expect(() => costFromArguments(["--bogus"], APP)).toThrow(/unknown option --bogus\nusage: npm run cost/);
  });

  test("a --usage file with a misspelt field is refused as the environment's usage is, not ignored", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-usage-"));
    try {
      const file = path.join(dir, "usage.json");
      fs.writeFileSync(file, JSON.stringify({ flowLogGBPerDay: 5 }));
      expect(() => costFromArguments(["--usage", file, "dev"], APP)).toThrow(
        `Invalid usage file ${file}:\n  - usage.flowLogGBPerDay = 5: unknown field`,
      );
      fs.writeFileSync(file, JSON.stringify({ flowLogGbPerDay: 5 }));
      expect(costFromArguments(["--usage", file, "dev"], APP)).toContain(`Usage (${file}): flowLogGbPerDay 5`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
