/**
 * A monthly estimate from the resources themselves (a stack's or a plan's, see resources.ts),
 * not from the config: what each resource kind costs at the usage assumed, line by line, with
 * quantity × unit price = monthly cost. Storage is priced at steady state (a log group holds
 * ingest × retention; a bucket holds each storage class's days of deliveries), volume tiers
 * and the account's free allowances are applied across the environment, and whatever cannot be
 * priced is named in the notes, never counted as $0 without a word.
 */
import type { ResolvedUsage } from "../../constructs/config/resolved";
import { CATALOGUE, PriceCatalogue, PriceItemId, tieredCost, unitPrice, UnitPrice } from "./catalogue";
import { PricedResource, refersTo } from "./resources";

/** Days in a month, as AWS counts a month (730 hours). */
export const DAYS_PER_MONTH = 365 / 12;
/** Hours in a month. */
export const HOURS_PER_MONTH = 730;
/** Bytes in a GB and a TB, as AWS's tiers and Athena count them (1 TB = 1024 GB). */
const GB = 1024 ** 3;
const TB = 1024 ** 4;
/** Athena bills each query at least 10 MB. */
export const ATHENA_MINIMUM_BYTES = 10 * 1024 ** 2;
/** Parquet files with gzip take 20 % less space than gzip text (VPC guide, "Flow log files"). */
export const PARQUET_STORED_RATIO = 0.8;
/** What a log group that never expires is priced at: a year of accumulation (it grows without end). */
const NEVER_EXPIRES_DAYS = 365;

/** One line of an estimate. */
export interface CostLine {
  readonly address: string;
  readonly item: PriceItemId;
  /** What the line is, in words. */
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  /** Units of `quantity` that the account's free allowance covers. */
  readonly free: number;
  /** USD per unit (for a tiered item, the average over its tiers). */
  readonly unitPrice: number;
  /** How many units the catalogue quotes its price for (1,000 requests: 1000). */
  readonly per: number;
  readonly monthly: number;
  /** How the quantity was reached. */
  readonly basis: string;
}

/** An estimate of one environment (or any stack). */
export interface Estimate {
  readonly environment: string;
  readonly region: string;
  readonly lines: readonly CostLine[];
  readonly total: number;
  readonly usage: ResolvedUsage;
  /** Where the usage came from ("the environment's config", "defaults", a file). */
  readonly usageSource: string;
  /** Resources not priced, and why; assumptions a reader must know. */
  readonly notes: readonly string[];
  /** Resources with no charge of their own, by type. */
  readonly free: Readonly<Record<string, number>>;
  /** The date the prices used were read (the latest of them). */
  readonly pricesRead: string;
  /** Items used whose price in this region is not yet checked against a copy of AWS's page. */
  readonly unconfirmed: readonly PriceItemId[];
}

/** Resource types that cost nothing by themselves (what they hold or do is priced elsewhere). */
export const NO_CHARGE_TYPES: ReadonlySet<string> = new Set([
  "aws_vpc",
  "aws_subnet",
  "aws_route_table",
  "aws_route_table_association",
  "aws_route",
  "aws_internet_gateway",
  "aws_egress_only_internet_gateway",
  "aws_default_security_group",
  "aws_security_group",
  "aws_default_network_acl",
  "aws_network_acl",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_role_policy_attachment",
  "aws_kms_alias",
  "aws_sns_topic_policy",
  "aws_cloudwatch_query_definition",
  "aws_athena_named_query",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_cloudwatch_log_resource_policy",
]);

/** Storage class of a lifecycle transition to the items of its storage and its transition requests. */
const STORAGE_CLASSES: Readonly<Record<string, { storage: PriceItemId; transition?: PriceItemId }>> = {
  STANDARD: { storage: "s3-standard" },
  STANDARD_IA: { storage: "s3-standard-ia", transition: "s3-transition-standard-ia" },
  GLACIER_IR: { storage: "s3-glacier-ir", transition: "s3-transition-glacier-ir" },
  GLACIER: { storage: "s3-glacier", transition: "s3-transition-glacier" },
  DEEP_ARCHIVE: { storage: "s3-deep-archive", transition: "s3-transition-deep-archive" },
};

const VENDED_ITEM: Readonly<Record<string, PriceItemId>> = {
  "cloud-watch-logs": "vended-logs-cloudwatch",
  s3: "vended-logs-s3",
  "kinesis-data-firehose": "vended-logs-firehose",
};

/** Items whose free allowance applies only when the account's free tier is the environment's. */
const ACCOUNT_FREE: ReadonlySet<PriceItemId> = new Set([
  "custom-metric",
  "alarm-metric",
  "dashboard",
  "sns-email",
  "sns-https",
  "sns-publish",
  "kms-requests",
]);

interface RawLine {
  readonly address: string;
  readonly item: PriceItemId;
  readonly description: string;
  readonly quantity: number;
  readonly basis: string;
}

const round = (n: number, digits = 4) => Number(n.toFixed(digits));
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v as Record<string, unknown>[]) : v && typeof v === "object" ? [v as Record<string, unknown>] : [];
const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;

/** Everything one estimate needs while it runs. */
class Pricing {
  readonly raw: RawLine[] = [];
  readonly notes: string[] = [];
  readonly free: Record<string, number> = {};
  private readonly prices = new Map<PriceItemId, UnitPrice>();
  private readonly byType = new Map<string, PricedResource[]>();

  constructor(
    readonly region: string,
    readonly usage: ResolvedUsage,
    readonly resources: readonly PricedResource[],
    readonly catalogue: PriceCatalogue,
  ) {
    for (const r of resources) {
      const same = this.byType.get(r.type);
      if (same) same.push(r);
      else this.byType.set(r.type, [r]);
    }
  }

  price(item: PriceItemId): UnitPrice {
    let p = this.prices.get(item);
    if (!p) {
      p = unitPrice(this.catalogue, item, this.region);
      this.prices.set(item, p);
    }
    return p;
  }

  add(address: string, item: PriceItemId, quantity: number, basis: string, description = this.price(item).spec.description): void {
    this.price(item);
    this.raw.push({ address, item, description, quantity, basis });
  }

  /** The resources of a type (indexed once: each kind's pricing asks for several types, per resource). */
  of(type: string): readonly PricedResource[] {
    return this.byType.get(type) ?? [];
  }

  usedPrices(): UnitPrice[] {
    return [...this.prices.values()];
  }
}

/** GB a day one flow log delivers, by the traffic it records. */
function flowLogGbPerDay(r: PricedResource, usage: ResolvedUsage): { gb: number; basis: string } {
  const traffic = typeof r.values.traffic_type === "string" ? r.values.traffic_type : "ALL";
  const share = traffic === "REJECT" ? usage.rejectedShare : traffic === "ACCEPT" ? 1 - usage.rejectedShare : 1;
  const basis = share === 1 ? `${usage.flowLogGbPerDay} GB/day` : `${usage.flowLogGbPerDay} GB/day × ${round(share)} (${traffic} only)`;
  return { gb: usage.flowLogGbPerDay * share, basis };
}

function destinationType(r: PricedResource): string {
  return typeof r.values.log_destination_type === "string" ? r.values.log_destination_type : "cloud-watch-logs";
}

function isParquet(r: PricedResource): boolean {
  return list(r.values.destination_options).some((o) => o.file_format === "parquet");
}

function priceFlowLogs(p: Pricing): void {
  for (const r of p.of("aws_flow_log")) {
    const type = destinationType(r);
    const item = VENDED_ITEM[type];
    if (!item) {
      p.notes.push(`${r.address}: destination type "${type}" is not priced`);
      continue;
    }
    const { gb, basis } = flowLogGbPerDay(r, p.usage);
    p.add(r.address, item, gb * DAYS_PER_MONTH, `${basis} × ${round(DAYS_PER_MONTH, 2)} days`);
    if (type === "s3" && isParquet(r)) p.add(r.address, "parquet-conversion", gb * DAYS_PER_MONTH, "every GB delivered is converted");
    if (type === "kinesis-data-firehose")
      p.notes.push(`${r.address}: the delivery stream's own charges (ingestion, its destination) are not included`);
  }
}

/**
 * The flow logs that deliver into `target` (a log group or a bucket) and the GB a day it stores
 * of them (Parquet 20 % smaller); undefined, with a note naming `what` is left unpriced, when none does.
 */
function deliveriesInto(
  p: Pricing,
  target: PricedResource,
  what: string,
): { writers: PricedResource[]; storedGbPerDay: number } | undefined {
  const writers = p.of("aws_flow_log").filter((f) => refersTo(f, target, "log_destination") || refersTo(f, target, "log_group_name"));
  if (writers.length === 0) {
    p.notes.push(`${target.address}: no flow log of this stack writes to it; ${what} not priced`);
    return undefined;
  }
  const delivered = writers.reduce((sum, f) => sum + flowLogGbPerDay(f, p.usage).gb * (isParquet(f) ? PARQUET_STORED_RATIO : 1), 0);
  return { writers, storedGbPerDay: delivered * p.usage.storedShare };
}

function priceLogGroups(p: Pricing): void {
  for (const g of p.of("aws_cloudwatch_log_group")) {
    const into = deliveriesInto(p, g, "its storage is");
    if (!into) continue;
    const daily = into.storedGbPerDay;
    const retention = num(g.values.retention_in_days) ?? 0;
    const days = retention > 0 ? retention : NEVER_EXPIRES_DAYS;
    if (retention <= 0)
      p.notes.push(`${g.address}: records never expire, so storage grows every month without end; priced at one year's records`);
    if (g.values.log_group_class === "INFREQUENT_ACCESS")
      p.notes.push(`${g.address}: Infrequent Access class priced at the Standard class's rates`);
    p.add(
      g.address,
      "logs-storage",
      daily * days,
      `${round(daily)} GB/day stored × ${days} days ${retention > 0 ? "retention" : "(never expires)"} (steady state)`,
    );
  }
  const scanned = p.usage.insightsGbScannedPerDay * DAYS_PER_MONTH;
  const groups = p.of("aws_cloudwatch_log_group");
  if (groups.length > 0 && scanned > 0)
    p.add(groups[0].address, "logs-insights", scanned, `${p.usage.insightsGbScannedPerDay} GB/day × ${round(DAYS_PER_MONTH, 2)} days`);
}

function priceMetrics(p: Pricing): void {
  const seen = new Set<string>();
  for (const f of p.of("aws_cloudwatch_log_metric_filter")) {
    for (const t of list(f.values.metric_transformation)) {
      const key = `${String(t.namespace)}/${String(t.name)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (t.dimensions && Object.keys(t.dimensions).length > 0) {
        p.notes.push(`${f.address}: metric ${key} has dimensions, one metric per value; priced as one`);
      }
      p.add(f.address, "custom-metric", 1, `metric ${key}`);
    }
  }
  for (const a of p.of("aws_cloudwatch_metric_alarm")) {
    const queries = list(a.values.metric_query);
    const metrics = queries.length > 0 ? queries.filter((q) => list(q.metric).length > 0).length : 1;
    const anomaly = queries.some((q) => typeof q.expression === "string" && /ANOMALY_DETECTION_BAND/i.test(q.expression));
    const periods = [num(a.values.period), ...queries.flatMap((q) => list(q.metric).map((m) => num(m.period)))].filter(
      (n): n is number => n !== undefined,
    );
    const highResolution = periods.some((n) => n < 60);
    const count = metrics * (anomaly ? 3 : 1);
    const basis = anomaly ? `${metrics} metric(s) with an anomaly band: 3 alarm metrics each` : `${metrics} metric(s)`;
    p.add(a.address, highResolution ? "alarm-metric-high-resolution" : "alarm-metric", count, basis);
  }
  for (const d of p.of("aws_cloudwatch_dashboard")) p.add(d.address, "dashboard", 1, "one dashboard");
}

function priceNotifications(p: Pricing): void {
  for (const t of p.of("aws_sns_topic"))
    p.add(t.address, "sns-publish", p.usage.notificationsPerMonth, `${p.usage.notificationsPerMonth} alarm notifications a month`);
  for (const s of p.of("aws_sns_topic_subscription")) {
    const protocol = String(s.values.protocol);
    const item: PriceItemId | undefined = protocol.startsWith("email")
      ? "sns-email"
      : protocol === "https" || protocol === "http"
        ? "sns-https"
        : undefined;
    if (item) p.add(s.address, item, p.usage.notificationsPerMonth, `${p.usage.notificationsPerMonth} notifications a month (${protocol})`);
    else p.notes.push(`${s.address}: ${protocol} deliveries are not priced`);
  }
}

function priceKeys(p: Pricing): void {
  for (const k of p.of("aws_kms_key")) {
    const rotating = k.values.enable_key_rotation === true;
    p.add(k.address, "kms-key", rotating ? 3 : 1, rotating ? "the key and, at steady state, its first two rotations' material" : "one key");
    p.add(k.address, "kms-requests", p.usage.kmsRequestsPerKeyPerMonth, `${p.usage.kmsRequestsPerKeyPerMonth} requests a month`);
  }
}

/** The lifecycle of a bucket as days in each storage class, with the versions kept after expiry. */
function lifecycleOf(
  p: Pricing,
  bucket: PricedResource,
): { steps: { storageClass: string; from: number }[]; expiration?: number; noncurrentDays: number; basis: string } {
  const config = p.of("aws_s3_bucket_lifecycle_configuration").find((l) => refersTo(l, bucket, "bucket"));
  const rules = list(config?.values.rule).filter((r) => r.status === "Enabled");
  const whole = rules.filter((r) => list(r.filter).every((f) => !f.prefix) && !r.prefix);
  const versioned = p
    .of("aws_s3_bucket_versioning")
    .some((v) => refersTo(v, bucket, "bucket") && list(v.values.versioning_configuration).some((c) => c.status === "Enabled"));
  const transitions = whole
    .flatMap((r) => list(r.transition))
    .map((t) => ({ storageClass: String(t.storage_class), from: num(t.days) ?? 0 }))
    .sort((a, b) => a.from - b.from);
  const expiration = whole
    .flatMap((r) => list(r.expiration))
    .map((e) => num(e.days))
    .find((d): d is number => d !== undefined && d > 0);
  const noncurrent = versioned
    ? (whole
        .flatMap((r) => list(r.noncurrent_version_expiration))
        .map((e) => num(e.noncurrent_days))
        .find((d): d is number => d !== undefined) ?? 0)
    : 0;
  const steps = [{ storageClass: "STANDARD", from: 0 }, ...transitions];
  const basis =
    steps.map((s) => `${s.storageClass} from day ${s.from}`).join(", ") +
    (expiration ? `, expires on day ${expiration}` : ", never expires");
  return {
    steps,
    expiration,
    noncurrentDays: noncurrent,
    basis: noncurrent > 0 ? `${basis}, old versions kept ${noncurrent} more days` : basis,
  };
}

function priceBuckets(p: Pricing): void {
  for (const b of p.of("aws_s3_bucket")) {
    const into = deliveriesInto(p, b, "its contents are");
    if (!into) continue;
    const { writers, storedGbPerDay: daily } = into;
    const objects = writers.length * p.usage.s3ObjectsPerFlowLogPerDay * DAYS_PER_MONTH;
    const { steps, expiration, noncurrentDays, basis } = lifecycleOf(p, b);
    if (!expiration)
      p.notes.push(`${b.address}: objects never expire, so storage grows every month without end; priced at one year's objects`);
    const end = expiration ?? NEVER_EXPIRES_DAYS;
    const reached = steps.filter((s) => s.from < end);
    reached.forEach((step, i) => {
      const classes = STORAGE_CLASSES[step.storageClass];
      if (!classes) {
        p.notes.push(`${b.address}: storage class ${step.storageClass} is not priced`);
        return;
      }
      const last = i === reached.length - 1;
      const leaves = last ? end + noncurrentDays : reached[i + 1].from;
      const stay = Math.max(0, leaves - step.from);
      if (stay === 0) return;
      const minimum = p.price(classes.storage).spec.minimumDays ?? 0;
      const billed = Math.max(stay, minimum);
      const why = billed > stay ? `${stay} days, billed as the class's minimum of ${minimum}` : `${stay} days`;
      p.add(b.address, classes.storage, daily * billed, `${round(daily)} GB/day stored × ${why} (steady state; ${basis})`);
      if (classes.transition)
        p.add(b.address, classes.transition, objects, `${Math.round(objects)} objects a month move to ${step.storageClass}`);
    });
    p.add(
      b.address,
      "s3-put",
      objects,
      `${writers.length} flow log(s) × ${p.usage.s3ObjectsPerFlowLogPerDay} objects/day × ${round(DAYS_PER_MONTH, 2)} days`,
    );
  }
}

function priceNetwork(p: Pricing): void {
  const gateways = p.of("aws_nat_gateway");
  for (const n of gateways) {
    p.add(n.address, "nat-gateway-hour", HOURS_PER_MONTH, `${HOURS_PER_MONTH} hours`);
    const gb = (p.usage.natGbPerDay * DAYS_PER_MONTH) / gateways.length;
    p.add(
      n.address,
      "nat-gateway-gb",
      gb,
      `${p.usage.natGbPerDay} GB/day × ${round(DAYS_PER_MONTH, 2)} days, shared by ${gateways.length} gateway(s)`,
    );
  }
  for (const e of p.of("aws_eip")) p.add(e.address, "public-ipv4-hour", HOURS_PER_MONTH, `${HOURS_PER_MONTH} hours`);
}

function priceAthena(p: Pricing): void {
  for (const w of p.of("aws_athena_workgroup")) {
    const { athenaTbScannedPerMonth: tb, athenaQueriesPerMonth: queries } = p.usage;
    const cutoff = list(w.values.configuration)
      .map((c) => num(c.bytes_scanned_cutoff_per_query))
      .find((n): n is number => n !== undefined);
    const atLeast = (queries * ATHENA_MINIMUM_BYTES) / TB;
    let billed = Math.max(tb, atLeast);
    let basis = `${tb} TB scanned by ${queries} queries` + (atLeast > tb ? ` (at least 10 MB each: ${round(atLeast, 6)} TB)` : "");
    if (cutoff !== undefined && (queries * cutoff) / TB < billed) {
      billed = (queries * cutoff) / TB;
      basis += `, capped by the cutoff of ${round(cutoff / GB, 2)} GB per query`;
    }
    p.add(w.address, "athena-scanned", billed, basis);
  }
  const catalogObjects = p.of("aws_glue_catalog_database").length + p.of("aws_glue_catalog_table").length;
  const first = p.of("aws_glue_catalog_database")[0] ?? p.of("aws_glue_catalog_table")[0];
  if (first)
    p.add(first.address, "glue-objects", catalogObjects, `${catalogObjects} databases and tables (partitions are projected, not stored)`);
}

const PRICED_TYPES = new Set([
  "aws_flow_log",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudwatch_metric_alarm",
  "aws_cloudwatch_dashboard",
  "aws_sns_topic",
  "aws_sns_topic_subscription",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_nat_gateway",
  "aws_eip",
  "aws_athena_workgroup",
  "aws_glue_catalog_database",
  "aws_glue_catalog_table",
]);

/** Lines with the free allowance taken from the first lines of each item and the tiers applied across lines. */
function finish(p: Pricing): CostLine[] {
  const freeLeft = new Map<PriceItemId, number>();
  const totals = new Map<PriceItemId, number>();
  for (const l of p.raw) totals.set(l.item, (totals.get(l.item) ?? 0) + l.quantity);
  const lines: CostLine[] = [];
  for (const l of p.raw) {
    const price = p.price(l.item);
    const spec = price.spec;
    const allowance = spec.free !== undefined && (!ACCOUNT_FREE.has(l.item) || p.usage.accountFreeTier) ? spec.free : 0;
    if (!freeLeft.has(l.item)) freeLeft.set(l.item, allowance);
    const free = Math.min(l.quantity, freeLeft.get(l.item)!);
    freeLeft.set(l.item, freeLeft.get(l.item)! - free);
    let unit = price.perUnit[0];
    let basis = l.basis;
    if (spec.tiersGb) {
      // Tiers count the month's volume of the whole item: every line pays the item's average.
      const total = totals.get(l.item)!;
      const { cost, parts } = tieredCost(total, spec.tiersGb, price.perUnit);
      unit = total > 0 ? cost / total : price.perUnit[0];
      if (parts.length > 1)
        basis += `; tiers over ${round(total, 2)} GB: ${parts.map((t) => `${round(t.gb, 2)} GB at $${t.usd}`).join(", ")}`;
    }
    const billable = l.quantity - free;
    lines.push({
      address: l.address,
      item: l.item,
      description: l.description,
      quantity: l.quantity,
      unit: spec.unit,
      free,
      unitPrice: unit,
      per: spec.per,
      monthly: billable * unit,
      basis: free > 0 ? `${basis}; ${round(free, 2)} free` : basis,
    });
  }
  return lines;
}

/** Options of {@link estimate}. */
export interface EstimateOptions {
  /** The name the estimate is for. */
  readonly environment: string;
  readonly region: string;
  readonly usage: ResolvedUsage;
  /** Where the usage came from, for the reader. @default "defaults" */
  readonly usageSource?: string;
  /** @default the repository's catalogue */
  readonly catalogue?: PriceCatalogue;
}

/** The monthly estimate of a set of resources; throws when a price the resources need is missing for the region. */
export function estimate(resources: readonly PricedResource[], options: EstimateOptions): Estimate {
  const p = new Pricing(options.region, options.usage, resources, options.catalogue ?? CATALOGUE);
  priceFlowLogs(p);
  priceLogGroups(p);
  priceMetrics(p);
  priceNotifications(p);
  priceKeys(p);
  priceBuckets(p);
  priceNetwork(p);
  priceAthena(p);
  const unknown = new Map<string, number>();
  for (const r of resources) {
    if (PRICED_TYPES.has(r.type)) continue;
    if (NO_CHARGE_TYPES.has(r.type)) p.free[r.type] = (p.free[r.type] ?? 0) + 1;
    else unknown.set(r.type, (unknown.get(r.type) ?? 0) + 1);
  }
  for (const [type, n] of unknown) p.notes.push(`${n} × ${type}: not known to the estimate, not priced`);
  const lines = finish(p);
  const used = p.usedPrices();
  return {
    environment: options.environment,
    region: options.region,
    lines,
    total: lines.reduce((sum, l) => sum + l.monthly, 0),
    usage: options.usage,
    usageSource: options.usageSource ?? "defaults",
    notes: p.notes,
    free: p.free,
    pricesRead:
      used
        .map((u) => u.regional.read)
        .sort()
        .at(-1) ?? "",
    unconfirmed: used.filter((u) => !u.regional.checked).map((u) => u.item),
  };
}
