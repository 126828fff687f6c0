/**
 * A monthly estimate from the resources themselves (a stack's or a plan's, see resources.ts),
 * not from the config: what each resource kind costs at the usage assumed, line by line, with
 * quantity × unit price = monthly cost. Storage is priced at steady state (a log group holds
 * ingest × retention; a bucket holds each storage class's days of deliveries), volume tiers
 * and the account's free allowances are applied across the environment, and whatever cannot be
 * priced is named in the notes, never counted as $0 without a word.
 */
import type { ResolvedUsage } from "../../constructs/config/resolved";
import { CATALOGUE, PriceCatalogue, PriceItemId, tieredCost } from "./catalogue";
import {
  ATHENA_MINIMUM_BYTES,
  DAYS_PER_MONTH,
  deliveriesInto,
  destinationType,
  flowLogGbPerDay,
  GB,
  HOURS_PER_MONTH,
  isParquet,
  list,
  num,
  Pricing,
  round,
  TB,
} from "./pricing";
import type { PricedResource } from "./resources";
import { FLOW_LOG_TABLE } from "../../constructs/athena/named-queries";
import { VERDICT_QUERIES } from "../../constructs/athena/verdict-queries";
import { priceArchiveRetrieval, priceBuckets, priceLogGroups } from "./storage";
import type { ArchiveInflow } from "../../constructs/stacks/deployment-info";
import { NO_CHARGE_TYPES, PRICED_TYPES } from "./resource-types";
import { DELIVERY_WATCH_RUN } from "../../constructs/monitoring/delivery-watch";
import { refersTo } from "./resources";

export { ATHENA_MINIMUM_BYTES, DAYS_PER_MONTH, HOURS_PER_MONTH, PARQUET_STORED_RATIO } from "./pricing";

/** One line of an estimate. */
export interface CostLine {
  readonly address: string;
  /** What a person knows the resource by: its construct path (with a subscription's endpoint), else its address. */
  readonly resource: string;
  readonly item: PriceItemId;
  /** What the line is, as text. */
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
  /** The deliveries of other stacks' flow logs priced into a bucket of this one (the organisation's archive). */
  readonly inflow?: ArchiveInflow;
  /** Resources not priced, and why; assumptions a reader must know. */
  readonly notes: readonly string[];
  /** Resources with no charge of their own, by type. */
  readonly free: Readonly<Record<string, number>>;
  /** The date the prices used were read (the latest of them). */
  readonly pricesRead: string;
  /** Items used whose price in this region is not yet checked against a copy of AWS's page. */
  readonly unconfirmed: readonly PriceItemId[];
}

const VENDED_ITEM: Readonly<Record<string, PriceItemId>> = {
  "cloud-watch-logs": "vended-logs-cloudwatch",
  s3: "vended-logs-s3",
  "kinesis-data-firehose": "vended-logs-firehose",
};

/** Items whose free allowance applies only when the account's free tier is the environment's. */
const ACCOUNT_FREE: ReadonlySet<PriceItemId> = new Set([
  "custom-metric",
  "cloudwatch-api-requests",
  "lambda-requests",
  "lambda-gb-second-arm",
  "alarm-metric",
  "dashboard",
  "sns-email",
  "sns-https",
  "sns-publish",
  "kms-requests",
]);

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

/**
 * A key costs $1 a month, and an automatically rotating key $1 more for each of its first two
 * yearly rotations: 1 key-month in its first year, 2 in its second, 3 from its third on
 * (`usage.estimateYear`).
 */
function priceKeys(p: Pricing): void {
  const year = p.usage.estimateYear;
  for (const k of p.of("aws_kms_key")) {
    const rotating = k.values.enable_key_rotation === true;
    const months = rotating ? Math.min(year, 3) : 1;
    const rotations = months - 1;
    p.add(
      k.address,
      "kms-key",
      months,
      rotating
        ? `year ${year}: the key${rotations > 0 ? ` and its ${rotations === 1 ? "first rotation's" : "first two rotations'"} material` : ", not yet rotated (it rotates yearly)"}`
        : "one key",
    );
    p.add(k.address, "kms-requests", p.usage.kmsRequestsPerKeyPerMonth, `${p.usage.kmsRequestsPerKeyPerMonth} requests a month`);
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

/** The bucket of this stack that the Glue tables read (their location's bucket). */
function archiveBucketOf(p: Pricing): PricedResource | undefined {
  const buckets = new Set(
    p
      .of("aws_glue_catalog_table")
      .flatMap((t) =>
        list(t.values.storage_descriptor).map(
          (d) => (typeof d.location === "string" ? d.location : "").replace(/^s3:\/\//, "").split("/")[0],
        ),
      ),
  );
  return p.of("aws_s3_bucket").find((b) => buckets.has(String(b.values.bucket)));
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
    let scanned = tb;
    if (cutoff !== undefined && (queries * cutoff) / TB < billed) {
      billed = (queries * cutoff) / TB;
      scanned = Math.min(tb, billed);
      basis += `, capped by the cutoff of ${round(cutoff / GB, 2)} GB per query`;
    }
    p.add(w.address, "athena-scanned", billed, basis);
    // The archive the workgroup's tables read: S3 charges retrieval for what lies in IA classes.
    const archive = archiveBucketOf(p);
    if (archive) priceArchiveRetrieval(p, w, archive, scanned);
    else if (p.of("aws_glue_catalog_table").length > 0)
      p.notes.push(`${w.address}: the archive bucket is not in this stack, so S3 retrieval of what queries read there is not priced`);
  }
  const catalogObjects = p.of("aws_glue_catalog_database").length + p.of("aws_glue_catalog_table").length;
  const first = p.of("aws_glue_catalog_database")[0] ?? p.of("aws_glue_catalog_table")[0];
  if (first)
    p.add(first.address, "glue-objects", catalogObjects, `${catalogObjects} databases and tables (partitions are projected, not stored)`);
}

/**
 * What one run of each verdict query (athena/verdict-queries.ts) over a day of the archive's
 * records reads and costs: a day of what the archive stores, of it the columns the query names
 * where the table is Parquet, and of an organisation's the accounts it names; at least Athena's
 * 10 MB. A note each: a run is not a monthly charge (the workgroup's monthly scan prices those).
 */
function priceVerdictRuns(p: Pricing): void {
  const queries = p
    .of("aws_athena_named_query")
    .filter((q) => (VERDICT_QUERIES as readonly string[]).includes(String(q.values.name).split("/").pop()!));
  const table = p.of("aws_glue_catalog_table").find((t) => t.values.name === FLOW_LOG_TABLE);
  const archive = archiveBucketOf(p);
  if (queries.length === 0 || !table || !archive) return;
  const into = deliveriesInto(p, archive, "a run of the verdict queries");
  if (!into) return;
  const descriptor = list(table.values.storage_descriptor)[0] ?? {};
  const columns = list(descriptor.columns).map((c) => String(c.name));
  const parquet = /parquet/i.test(String(descriptor.input_format));
  const members = p.inflow?.deliveries.length;
  const perTb = p.price("athena-scanned").perUnit[0];
  for (const q of queries) {
    const text = String(q.values.query);
    const read = columns.filter((c) => new RegExp(`\\b${c}\\b`).test(text));
    // The accounts the condition names (the comment above it shows the form with "...").
    const named = /aws_account IN \(('\d{12}'(?:, '\d{12}')*)\)/.exec(text)?.[1].split(",").length;
    const accounts = named !== undefined && members !== undefined && named < members ? named / members : 1;
    const gb = into.storedGbPerDay * (parquet ? read.length / columns.length : 1) * accounts;
    const billedTb = Math.max(gb * GB, ATHENA_MINIMUM_BYTES) / TB;
    const what = [
      parquet ? `${read.length} of the table's ${columns.length} columns (Parquet)` : "every column (plain text)",
      ...(accounts < 1 ? [`the ${named} accounts it names of ${members}`] : []),
    ].join(", ");
    p.notes.push(
      `${p.labelOf(q.address)}: one run over a day of the archive's records reads about ${round(gb, 3)} GB (${what}): about $${round(billedTb * perTb, 4)} in Athena${billedTb * TB > gb * GB ? " (its 10 MB minimum)" : ""}`,
    );
  }
}

/** Runs a month of an EventBridge schedule `rate(N unit)`; undefined for a cron expression or anything else. */
export function runsPerMonth(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const minutes = { minute: 1, hour: 60, day: 1440 }[m[2].replace(/s$/, "") as "minute" | "hour" | "day"] * Number(m[1]);
  return (HOURS_PER_MONTH * 60) / minutes;
}

/**
 * Functions run by a schedule of this stack: their requests, and for the delivery watch (which
 * says how many deliveries it watches) its duration, its LIST requests, the metric it puts and
 * its log. A function run by anything else is named in the notes.
 */
function priceFunctions(p: Pricing): void {
  for (const fn of p.of("aws_lambda_function")) {
    const rules = p
      .of("aws_cloudwatch_event_rule")
      .filter((r) => p.of("aws_cloudwatch_event_target").some((t) => refersTo(t, fn, "arn") && refersTo(t, r, "rule")));
    const schedules = rules.map((r) => (typeof r.values.schedule_expression === "string" ? r.values.schedule_expression : ""));
    const runs = schedules.map(runsPerMonth);
    if (runs.length === 0 || runs.some((n) => n === undefined)) {
      p.notes.push(`${fn.address}: not run by a rate schedule of this stack (${schedules.join(", ") || "no rule"}); not priced`);
      continue;
    }
    const monthly = runs.reduce((sum: number, n) => sum + n!, 0);
    p.add(fn.address, "lambda-requests", monthly, `${round(monthly, 2)} runs a month (${schedules.join(", ")})`);
    const watched = Number((list(fn.values.environment)[0]?.variables as Record<string, unknown> | undefined)?.WATCHED_DELIVERIES);
    if (!Number.isFinite(watched)) {
      p.notes.push(`${fn.address}: its duration and what it calls are not known to the estimate; only its requests are priced`);
      continue;
    }
    const w = DELIVERY_WATCH_RUN;
    const lists = watched * w.listsPerDelivery;
    const seconds = w.secondsToStart + (lists / w.concurrency) * w.secondsPerList;
    const gb = (num(fn.values.memory_size) ?? 128) / 1024;
    if (!list(fn.values.architectures).some((a) => (a as unknown) === "arm64")) p.notes.push(`${fn.address}: priced at Arm's rate`);
    p.add(
      fn.address,
      "lambda-gb-second-arm",
      monthly * seconds * gb,
      `${round(monthly, 2)} runs × ${round(seconds, 2)} s (${lists} LIST requests, ${w.concurrency} at a time) × ${gb} GB`,
    );
    p.add(
      fn.address,
      "s3-list",
      monthly * lists,
      `${watched} deliveries × ${w.listsPerDelivery} LIST requests × ${round(monthly, 2)} runs`,
    );
    p.add(fn.address, "custom-metric", 1, "metric SilentDeliveries, one for every member");
    p.add(fn.address, "cloudwatch-api-requests", monthly, "one PutMetricData a run");
    p.notes.push(
      `${fn.address}: its own log, about ${w.logBytesPerRun} bytes a run (${round((monthly * w.logBytesPerRun) / 1024 ** 2, 2)} MB a month), is not priced`,
    );
  }
}

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
      resource: p.labelOf(l.address),
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
  /** What flows into a bucket from other stacks' flow logs (the organisation's archive). */
  readonly inflow?: ArchiveInflow;
}

/** The monthly estimate of a set of resources; throws when a price the resources need is missing for the region. */
export function estimate(resources: readonly PricedResource[], options: EstimateOptions): Estimate {
  const p = new Pricing(options.region, options.usage, resources, options.catalogue ?? CATALOGUE, options.inflow);
  priceFlowLogs(p);
  priceLogGroups(p);
  priceMetrics(p);
  priceNotifications(p);
  priceKeys(p);
  priceBuckets(p);
  priceNetwork(p);
  priceAthena(p);
  priceVerdictRuns(p);
  priceFunctions(p);
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
    ...(options.inflow ? { inflow: options.inflow } : {}),
    // A note about one resource names it as a person knows it.
    notes: p.notes.map((n) => n.replace(/^(\S+):/, (_, address: string) => `${p.labelOf(address)}:`)),
    free: p.free,
    pricesRead:
      used
        .map((u) => u.regional.read)
        .sort()
        .at(-1) ?? "",
    unconfirmed: used.filter((u) => !u.regional.checked).map((u) => u.item),
  };
}

/** A resource and item whose monthly cost differs between two estimates. */
export interface CostChange {
  readonly address: string;
  /** As a person knows it: its label on the first side that has it (its construct path, the same either side). */
  readonly resource: string;
  readonly item: PriceItemId;
  before: number;
  after: number;
}

/**
 * Each resource and item whose monthly cost differs by half a cent or more between two
 * estimates (an absent side costs nothing), largest change first, then by address.
 */
export function changedLines(before: Estimate | undefined, after: Estimate | undefined): CostChange[] {
  const rows = new Map<string, CostChange>();
  for (const [side, lines] of [
    ["before", before?.lines ?? []],
    ["after", after?.lines ?? []],
  ] as const) {
    for (const l of lines) {
      const key = `${l.address} ${l.item}`;
      const row = rows.get(key) ?? { address: l.address, resource: l.resource, item: l.item, before: 0, after: 0 };
      row[side] += l.monthly;
      rows.set(key, row);
    }
  }
  return [...rows.values()]
    .filter((r) => Math.abs(r.after - r.before) >= 0.005)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.address.localeCompare(b.address));
}
