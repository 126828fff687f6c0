/**
 * Storage at steady state: a log group holds ingest × retention days; a bucket a flow log
 * writes to holds, in each storage class of its lifecycle, that class's days of deliveries
 * (old versions kept their days after expiry, a class left early billed its minimum), with a
 * PUT per file and a transition request per step.
 */
import type { PriceItemId } from "./catalogue";
import { DAYS_PER_MONTH, deliveriesInto, GB, list, NEVER_EXPIRES_DAYS, num, Pricing, round, TB } from "./pricing";
import { PricedResource, refersTo } from "./resources";

/** Storage class of a lifecycle transition to the items of its storage and its transition requests. */
const STORAGE_CLASSES: Readonly<Record<string, { storage: PriceItemId; transition?: PriceItemId; retrieval?: PriceItemId }>> = {
  STANDARD: { storage: "s3-standard" },
  STANDARD_IA: { storage: "s3-standard-ia", transition: "s3-transition-standard-ia", retrieval: "s3-retrieval-standard-ia" },
  GLACIER_IR: { storage: "s3-glacier-ir", transition: "s3-transition-glacier-ir", retrieval: "s3-retrieval-glacier-ir" },
  GLACIER: { storage: "s3-glacier", transition: "s3-transition-glacier" },
  DEEP_ARCHIVE: { storage: "s3-deep-archive", transition: "s3-transition-deep-archive" },
};

export function priceLogGroups(p: Pricing): void {
  // A function's own log is counted with the function.
  const functionLogs = new Set(p.of("aws_lambda_function").flatMap((f) => list(f.values.logging_config).map((c) => String(c.log_group))));
  for (const g of p.of("aws_cloudwatch_log_group")) {
    if (functionLogs.has(String(g.values.name))) continue;
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
  // Logs Insights reads the flow logs' groups (the usage's queries), not a function's own log.
  const groups = p.of("aws_cloudwatch_log_group").filter((g) => !functionLogs.has(String(g.values.name)));
  if (groups.length > 0 && scanned > 0)
    p.add(groups[0].address, "logs-insights", scanned, `${p.usage.insightsGbScannedPerDay} GB/day × ${round(DAYS_PER_MONTH, 2)} days`);
}

/** Objects smaller than this (KB) are not transitioned by S3 lifecycle's default since 2024. */
export const SMALL_OBJECT_KB = 128;

/** The lifecycle of a bucket as days in each storage class, with the versions kept after expiry. */
export function lifecycleOf(
  p: Pricing,
  bucket: PricedResource,
): {
  steps: { storageClass: string; from: number }[];
  expiration?: number;
  noncurrentDays: number;
  basis: string;
  /** `transition_default_minimum_object_size` when the configuration sets it. */
  minimumObjectSize?: string;
} {
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
  const minimum = config?.values.transition_default_minimum_object_size;
  return {
    steps,
    ...(typeof minimum === "string" ? { minimumObjectSize: minimum } : {}),
    expiration,
    noncurrentDays: noncurrent,
    basis: noncurrent > 0 ? `${basis}, old versions kept ${noncurrent} more days` : basis,
  };
}

export function priceBuckets(p: Pricing): void {
  for (const b of p.of("aws_s3_bucket")) {
    const into = deliveriesInto(p, b, "its contents are");
    if (!into) continue;
    const { writers, storedGbPerDay: daily } = into;
    const objects = writers * p.usage.s3ObjectsPerFlowLogPerDay * DAYS_PER_MONTH;
    const lifecycle = lifecycleOf(p, b);
    const { expiration, noncurrentDays, basis } = lifecycle;
    // Since September 2024 S3 lifecycle does not transition objects under 128 KB unless the
    // configuration says otherwise (transition_default_minimum_object_size): small files stay
    // in Standard, and no transition is requested for them.
    const objectKb = (daily * 1024 * 1024) / (writers * p.usage.s3ObjectsPerFlowLogPerDay);
    const smallStay = objectKb < SMALL_OBJECT_KB && lifecycle.minimumObjectSize !== "varies_by_storage_class";
    if (smallStay && lifecycle.steps.length > 1)
      p.notes.push(
        `${b.address}: objects of about ${round(objectKb, 1)} KB are under the 128 KB below which S3 lifecycle transitions nothing by default; they stay in STANDARD until they expire`,
      );
    const steps = smallStay ? lifecycle.steps.slice(0, 1) : lifecycle.steps;
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
      `${writers} flow log(s) × ${p.usage.s3ObjectsPerFlowLogPerDay} objects/day × ${round(DAYS_PER_MONTH, 2)} days`,
    );
  }
}

/**
 * What reading the archive costs S3 beyond Athena's charge: the GB a workgroup's queries scan,
 * spread evenly over the days they reach back (`athenaDaysQueried`), pay a retrieval per GB for
 * the share that lies in a class that charges one (Standard-IA, Glacier Instant Retrieval) by
 * the archive bucket's lifecycle.
 */
export function priceArchiveRetrieval(p: Pricing, workgroup: PricedResource, archive: PricedResource, tbScanned: number): void {
  const days = p.usage.athenaDaysQueried;
  const { steps, basis } = lifecycleOf(p, archive);
  steps.forEach((step, i) => {
    const retrieval = STORAGE_CLASSES[step.storageClass]?.retrieval;
    const until = Math.min(days, steps[i + 1]?.from ?? Infinity);
    if (!retrieval || until <= step.from) return;
    const share = (until - step.from) / days;
    p.add(
      workgroup.address,
      retrieval,
      tbScanned * (TB / GB) * share,
      `${round(tbScanned * (TB / GB), 2)} GB scanned × ${round(share * 100, 1)} % (days ${step.from}–${until} of the ${days} queried are in ${step.storageClass}; ${basis})`,
    );
  });
}
