/**
 * What every kind of resource is priced with: the month's units, the running estimate (prices
 * looked up once per item, resources indexed by type, raw lines and notes), and what a flow
 * log delivers and where.
 */
import type { ArchiveInflow } from "../../constructs/stacks/deployment-info";
import type { ResolvedUsage } from "../../constructs/config/resolved";
import { PriceCatalogue, PriceItemId, unitPrice, UnitPrice } from "./catalogue";
import { PricedResource, refersTo } from "./resources";

/** Days in a month, as AWS counts a month (730 hours). */
export const DAYS_PER_MONTH = 365 / 12;
/** Hours in a month. */
export const HOURS_PER_MONTH = 730;
/** Bytes in a GB and a TB, as AWS's tiers and Athena count them (1 TB = 1024 GB). */
export const GB = 1024 ** 3;
export const TB = 1024 ** 4;
/** Athena bills each query at least 10 MB. */
export const ATHENA_MINIMUM_BYTES = 10 * 1024 ** 2;
/** Parquet files with gzip take 20 % less space than gzip text (VPC guide, "Flow log files"). */
export const PARQUET_STORED_RATIO = 0.8;
/** What a log group that never expires is priced at: a year of accumulation (it grows without end). */
export const NEVER_EXPIRES_DAYS = 365;

export interface RawLine {
  readonly address: string;
  readonly item: PriceItemId;
  readonly description: string;
  readonly quantity: number;
  readonly basis: string;
}

export const round = (n: number, digits = 4) => Number(n.toFixed(digits));
export const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v as Record<string, unknown>[]) : v && typeof v === "object" ? [v as Record<string, unknown>] : [];
export const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;

/** Everything one estimate needs while it runs. */
export class Pricing {
  readonly raw: RawLine[] = [];
  readonly notes: string[] = [];
  readonly free: Record<string, number> = {};
  private readonly prices = new Map<PriceItemId, UnitPrice>();
  private readonly byType = new Map<string, PricedResource[]>();
  private readonly labels = new Map<string, string>();

  constructor(
    readonly region: string,
    readonly usage: ResolvedUsage,
    readonly resources: readonly PricedResource[],
    readonly catalogue: PriceCatalogue,
    /** What flows into a bucket of this stack from other stacks' flow logs (the organisation's archive). */
    readonly inflow?: ArchiveInflow,
  ) {
    for (const r of resources) {
      const same = this.byType.get(r.type);
      if (same) same.push(r);
      else this.byType.set(r.type, [r]);
      if (r.label) this.labels.set(r.address, r.label);
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

  /** What a person knows a resource by (its construct path), else its address. */
  labelOf(address: string): string {
    return this.labels.get(address) ?? address;
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
/** The share of all traffic a flow log recording `traffic` delivers. */
function trafficShare(traffic: string, rejectedShare: number): number {
  return traffic === "REJECT" ? rejectedShare : traffic === "ACCEPT" ? 1 - rejectedShare : 1;
}

export function flowLogGbPerDay(r: PricedResource, usage: ResolvedUsage): { gb: number; basis: string } {
  // A transit gateway's or attachment's flow log records all its traffic, in records of its own.
  if (r.values.transit_gateway_id !== undefined || r.values.transit_gateway_attachment_id !== undefined)
    return { gb: usage.transitGatewayFlowLogGbPerDay, basis: `${usage.transitGatewayFlowLogGbPerDay} GB/day of transit gateway records` };
  const traffic = typeof r.values.traffic_type === "string" ? r.values.traffic_type : "ALL";
  const share = trafficShare(traffic, usage.rejectedShare);
  const basis = share === 1 ? `${usage.flowLogGbPerDay} GB/day` : `${usage.flowLogGbPerDay} GB/day × ${round(share)} (${traffic} only)`;
  return { gb: usage.flowLogGbPerDay * share, basis };
}

export function destinationType(r: PricedResource): string {
  return typeof r.values.log_destination_type === "string" ? r.values.log_destination_type : "cloud-watch-logs";
}

export function isParquet(r: PricedResource): boolean {
  return list(r.values.destination_options).some((o) => o.file_format === "parquet");
}

/**
 * The flow logs that deliver into `target` (a log group or a bucket) and the GB a day it stores
 * of them (Parquet 20 % smaller); undefined, with a note naming `what` is left unpriced, when none does.
 */
export function deliveriesInto(p: Pricing, target: PricedResource, what: string): { writers: number; storedGbPerDay: number } | undefined {
  const writers = p.of("aws_flow_log").filter((f) => refersTo(f, target, "log_destination") || refersTo(f, target, "log_group_name"));
  const inflow = p.inflow;
  if (writers.length === 0 && inflow && target.type === "aws_s3_bucket" && target.values.bucket === inflow.bucket) {
    // The organisation's archive: every member's Parquet deliveries, each at its own usage.
    const stored = inflow.deliveries.reduce(
      (sum, d) =>
        sum +
        (d.flowLogs * d.gbPerDay * trafficShare(d.trafficType, d.rejectedShare) +
          (d.transitGatewayFlowLogs ?? 0) * (d.transitGatewayGbPerDay ?? 0)) *
          PARQUET_STORED_RATIO *
          d.storedShare,
      0,
    );
    const writing = inflow.deliveries.reduce((n, d) => n + d.flowLogs + (d.transitGatewayFlowLogs ?? 0), 0);
    return { writers: writing, storedGbPerDay: stored };
  }
  if (writers.length === 0) {
    p.notes.push(`${target.address}: no flow log of this stack writes to it; ${what} not priced`);
    return undefined;
  }
  const delivered = writers.reduce((sum, f) => sum + flowLogGbPerDay(f, p.usage).gb * (isParquet(f) ? PARQUET_STORED_RATIO : 1), 0);
  const share = target.type === "aws_cloudwatch_log_group" ? p.usage.logGroupStoredShare : p.usage.archiveStoredShare;
  return { writers: writers.length, storedGbPerDay: delivered * share };
}
