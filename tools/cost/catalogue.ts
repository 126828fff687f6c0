/**
 * The price catalogue (prices.json, data): each item's unit, how many units its price is for,
 * volume tiers, free units and, per region, the price with the date it was read and the copy of
 * AWS's page it was checked against. A price the catalogue lacks for a region is an error naming
 * the item and the region, never $0.
 */
import PRICES from "./prices.json";

/** The items the estimate prices. */
export type PriceItemId =
  | "vended-logs-cloudwatch"
  | "vended-logs-s3"
  | "vended-logs-firehose"
  | "parquet-conversion"
  | "logs-storage"
  | "logs-insights"
  | "custom-metric"
  | "alarm-metric"
  | "alarm-metric-high-resolution"
  | "dashboard"
  | "sns-email"
  | "sns-https"
  | "sns-publish"
  | "kms-key"
  | "kms-requests"
  | "s3-standard"
  | "s3-standard-ia"
  | "s3-glacier-ir"
  | "s3-glacier"
  | "s3-deep-archive"
  | "s3-put"
  | "s3-transition-standard-ia"
  | "s3-transition-glacier-ir"
  | "s3-transition-glacier"
  | "s3-transition-deep-archive"
  | "s3-retrieval-standard-ia"
  | "s3-retrieval-glacier-ir"
  | "nat-gateway-hour"
  | "nat-gateway-gb"
  | "public-ipv4-hour"
  | "athena-scanned"
  | "glue-objects"
  | "s3-list"
  | "lambda-requests"
  | "lambda-gb-second-arm"
  | "cloudwatch-api-requests";

/** One region's price of an item. */
export interface RegionalPrice {
  /** USD per {@link PriceItem.per} units; for a tiered item, one price per tier. */
  readonly usd: number | readonly number[];
  /** The date the price was read (YYYY-MM-DD). */
  readonly read: string;
  /** The copy of AWS's page the price was checked against; absent: not yet confirmed. */
  readonly checked?: string;
}

/** One item of the catalogue. */
export interface PriceItem {
  readonly description: string;
  readonly unit: string;
  /** How many units the price is for ($0.005 per 1,000 requests: 1000). */
  readonly per: number;
  /** Widths of the volume tiers before the last, in GB. */
  readonly tiersGb?: readonly number[];
  /** Free units per month per account. */
  readonly free?: number;
  /** Minimum storage duration of a storage class, in days. */
  readonly minimumDays?: number;
  /** AWS's pricing page. */
  readonly page: string;
  /** The billing usage type, without its region prefix. */
  readonly usageType?: string;
  readonly prices: Readonly<Record<string, RegionalPrice>>;
}

/** The catalogue. */
export interface PriceCatalogue {
  readonly currency: string;
  readonly regions: Readonly<Record<string, { readonly usageTypePrefix: string }>>;
  readonly items: Readonly<Record<PriceItemId, PriceItem>>;
}

/** The error for a price the catalogue does not have. */
export class MissingPriceError extends Error {
  constructor(
    readonly item: string,
    readonly region: string,
    known: readonly string[],
  ) {
    super(
      `no price for "${item}" in ${region}: the catalogue (tools/cost/prices.json) has it for ${known.join(", ") || "no region"}; ` +
        "add the region's price with its date and source",
    );
    this.name = "MissingPriceError";
  }
}

/** A price resolved for one region: per single unit, tiers in GB, what is free. */
export interface UnitPrice {
  readonly item: PriceItemId;
  readonly region: string;
  readonly spec: PriceItem;
  readonly regional: RegionalPrice;
  /** USD per single unit; for a tiered item, per GB of each tier. */
  readonly perUnit: readonly number[];
}

/** Checks the catalogue's shape where it is loaded, so that a bad edit fails with its path. */
export function checkCatalogue(raw: unknown): PriceCatalogue {
  const problems: string[] = [];
  const c = raw as PriceCatalogue;
  if (!c || typeof c !== "object" || typeof c.items !== "object") throw new Error("prices.json: expected an object with items");
  for (const [id, item] of Object.entries<PriceItem>(c.items)) {
    if (!(item.per > 0)) problems.push(`items.${id}.per: expected a number above 0`);
    if (typeof item.unit !== "string" || typeof item.page !== "string") problems.push(`items.${id}: needs unit and page`);
    const tiers = (item.tiersGb?.length ?? 0) + 1;
    for (const [region, price] of Object.entries(item.prices)) {
      const where = `items.${id}.prices.${region}`;
      if (!c.regions[region]) problems.push(`${where}: region not listed under regions`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(price.read ?? "")) problems.push(`${where}.read: expected the date read, YYYY-MM-DD`);
      const values = Array.isArray(price.usd) ? price.usd : [price.usd];
      if (values.length !== (item.tiersGb ? tiers : 1))
        problems.push(`${where}.usd: expected ${item.tiersGb ? `${tiers} tier prices` : "one price"}`);
      if (values.some((v) => typeof v !== "number" || !(v >= 0))) problems.push(`${where}.usd: expected prices of 0 or more`);
    }
  }
  if (problems.length > 0) throw new Error(`prices.json:\n  - ${problems.join("\n  - ")}`);
  return c;
}

/** The catalogue in the repository. */
export const CATALOGUE: PriceCatalogue = checkCatalogue(PRICES);

/** The price of `item` in `region`; throws {@link MissingPriceError} when the catalogue lacks it. */
export function unitPrice(catalogue: PriceCatalogue, item: PriceItemId, region: string): UnitPrice {
  const spec = catalogue.items[item];
  if (!spec) throw new MissingPriceError(item, region, []);
  const regional = spec.prices[region];
  if (!regional) throw new MissingPriceError(item, region, Object.keys(spec.prices));
  const values = Array.isArray(regional.usd) ? regional.usd : [regional.usd as number];
  return { item, region, spec, regional, perUnit: values.map((v) => v / spec.per) };
}

/** The cost of `quantity` GB over tiers of the given widths, with the quantity in each tier. */
export function tieredCost(
  quantity: number,
  widths: readonly number[],
  perUnit: readonly number[],
): { cost: number; parts: { gb: number; usd: number }[] } {
  const parts: { gb: number; usd: number }[] = [];
  let left = quantity;
  let cost = 0;
  perUnit.forEach((usd, i) => {
    const width = i < widths.length ? widths[i] : Infinity;
    const gb = Math.min(left, width);
    if (gb > 0) {
      parts.push({ gb, usd });
      cost += gb * usd;
      left -= gb;
    }
  });
  return { cost, parts };
}
