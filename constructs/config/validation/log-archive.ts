/** The organisation's log archive: checked once per app, with every problem listed. */
import { ATHENA_DEFAULTS, defaultArchiveBucketName, LOG_ARCHIVE_STACK, S3_DESTINATION_DEFAULTS } from "../defaults";
import { checkDeclared, checkStringList, fieldNames } from "../fields/declare";
import { DELIVERY_WATCH, DELIVERY_WATCH_DEFAULTS, LOG_ARCHIVE, OBJECT_LOCK } from "../fields/log-archive";
import { ARCHIVE_USAGE } from "../fields/usage";
import type { ResolvedDeliveryWatch, ResolvedLogArchive } from "../resolved";
import { partitionOf } from "../../shared/names";
import { Checker } from "./checker";
import { checkAthena, checkLifecycle } from "./archive-settings";
import { checkRegion } from "./identity";
import { bucketNameProblem } from "./patterns";
import { checkState } from "./state";
import { checkUsage } from "./usage";

const FIELDS = fieldNames(LOG_ARCHIVE);
const OBJECT_LOCK_FIELDS = fieldNames(OBJECT_LOCK);
const WATCH_FIELDS = fieldNames(DELIVERY_WATCH);

/**
 * The delivery watch's settings: undefined when turned off; when on, it must notify someone
 * (the archive is production). Null when a field is refused.
 */
function checkDeliveryWatch(c: Checker, v: unknown): ResolvedDeliveryWatch | undefined | null {
  if (v === undefined) {
    c.fail(
      "deliveryWatch",
      v,
      'required: who hears when a member\'s deliveries stop, such as { alarmEmails: ["network-alerts@example.com"] }, or { enabled: false } to go without',
    );
    return null;
  }
  if (!c.isObject("deliveryWatch", v, WATCH_FIELDS)) return null;
  const f = DELIVERY_WATCH.fields;
  const before = c.problems.length;
  checkDeclared(c, "deliveryWatch.enabled", v.enabled, f.enabled);
  checkDeclared(c, "deliveryWatch.silentHours", v.silentHours, f.silentHours);
  const alarmEmails = v.alarmEmails === undefined ? [] : checkStringList(c, "deliveryWatch.alarmEmails", v.alarmEmails, f.alarmEmails);
  const httpsEndpoints =
    v.httpsEndpoints === undefined ? [] : checkStringList(c, "deliveryWatch.httpsEndpoints", v.httpsEndpoints, f.httpsEndpoints);
  if (c.problems.length > before) return null;
  if (v.enabled === false) return undefined;
  if (alarmEmails.length === 0 && httpsEndpoints.length === 0) {
    c.fail(
      "deliveryWatch.alarmEmails",
      v.alarmEmails,
      "the watch over the members' deliveries must notify someone: list an e-mail address (or deliveryWatch.httpsEndpoints), or turn it off with deliveryWatch.enabled = false",
    );
    return null;
  }
  return { silentHours: (v.silentHours as number | undefined) ?? DELIVERY_WATCH_DEFAULTS.silentHours, alarmEmails, httpsEndpoints };
}

/** The log archive's resolved settings, once per config object. */
const RESOLVED = new WeakSet<object>();

/**
 * Validates the app's log archive and fills in its defaults (one it resolved already is returned
 * as it is). Throws a ConfigError naming `log-archive` and listing every problem.
 */
export function validateLogArchive(raw: unknown): ResolvedLogArchive {
  if (typeof raw === "object" && raw !== null && RESOLVED.has(raw)) return raw as ResolvedLogArchive;
  const c = new Checker();
  const label = `${LOG_ARCHIVE_STACK} stack`;
  if (!c.isObject("(logArchive)", raw, FIELDS)) throw c.error(label);
  const o = raw;
  const accountOk = checkDeclared(c, "accountId", o.accountId, LOG_ARCHIVE.fields.accountId);
  const regionOk = checkRegion(c, "region", o.region);
  if (o.organizationId !== undefined) checkDeclared(c, "organizationId", o.organizationId, LOG_ARCHIVE.fields.organizationId);
  const bucketName = o.bucketName ?? (accountOk && regionOk ? defaultArchiveBucketName(o.accountId as string, o.region as string) : "");
  const bucketProblem = typeof bucketName === "string" ? bucketNameProblem(bucketName) : "must be a string";
  if (bucketProblem) c.fail("bucketName", bucketName, `not a valid S3 bucket name: it ${bucketProblem}`);
  // Athena reads the archive all its life: the Glacier step is Instant Retrieval unless told otherwise, and then refused.
  const lifecycle = checkLifecycle(c, "lifecycle", o.lifecycle ?? {}, "GLACIER_IR");
  if (lifecycle?.glacierStorageClass === "GLACIER" && lifecycle.transitionToGlacierDays > 0) {
    c.fail(
      "lifecycle.glacierStorageClass",
      "GLACIER",
      'Athena cannot read Glacier Flexible Retrieval: use "GLACIER_IR", or 0 days for no Glacier step',
    );
  }
  const athena = o.athena === undefined ? ATHENA_DEFAULTS : checkAthena(c, "athena", o.athena);
  let objectLock: ResolvedLogArchive["objectLock"];
  if (o.objectLock !== undefined && c.isObject("objectLock", o.objectLock, OBJECT_LOCK_FIELDS)) {
    const modeOk = checkDeclared(c, "objectLock.mode", o.objectLock.mode, OBJECT_LOCK.fields.mode);
    const daysOk = checkDeclared(c, "objectLock.days", o.objectLock.days, OBJECT_LOCK.fields.days);
    if (modeOk && daysOk) {
      objectLock = { mode: o.objectLock.mode as "GOVERNANCE" | "COMPLIANCE", days: o.objectLock.days as number };
      // Nothing may be set to delete an object before its lock ends: the lifecycle would fail on it, and an
      // expiry before the lock is a promise the bucket cannot keep.
      if (lifecycle && lifecycle.expirationDays > 0 && lifecycle.expirationDays < objectLock.days) {
        c.fail(
          "lifecycle.expirationDays",
          lifecycle.expirationDays,
          `objects are locked for ${objectLock.days} days (objectLock.days): expected 0 (keep) or at least ${objectLock.days}`,
        );
      }
    }
  }
  const analysts =
    o.analystPrincipals === undefined
      ? []
      : checkStringList(c, "analystPrincipals", o.analystPrincipals, LOG_ARCHIVE.fields.analystPrincipals, 1);
  const deliveryWatch = checkDeliveryWatch(c, o.deliveryWatch);
  // The archive's own usage; the rest of the fields (what members deliver) are each member's.
  const usage = checkUsage(c, o.usage, ARCHIVE_USAGE);
  const state = checkState(c, o.state, LOG_ARCHIVE_STACK, o.region as string | undefined);
  if (state && state.bucket === bucketName) {
    c.fail("bucketName", bucketName, `is the state bucket (state.bucket): the archive needs a bucket of its own`);
  }
  if (c.problems.length > 0 || !lifecycle || !athena || !state || !usage || !accountOk || !regionOk || deliveryWatch === null)
    throw c.error(label);
  const resolved: ResolvedLogArchive = {
    accountId: o.accountId as string,
    region: o.region as string,
    partition: partitionOf(o.region as string),
    ...(o.organizationId !== undefined ? { organizationId: o.organizationId as string } : {}),
    bucketName: bucketName as string,
    lifecycle: { ...S3_DESTINATION_DEFAULTS.lifecycle, ...lifecycle },
    ...(objectLock ? { objectLock } : {}),
    analystPrincipals: analysts,
    athena,
    ...(deliveryWatch ? { deliveryWatch } : {}),
    usage,
    state,
  };
  RESOLVED.add(resolved);
  return resolved;
}
