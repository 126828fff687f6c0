/**
 * The settings of an archive bucket that S3 destinations and the organisation's log archive
 * share: its lifecycle, and Athena over it.
 */
import { ATHENA_DEFAULTS, S3_DESTINATION_DEFAULTS } from "../defaults";
import { checkDeclared, EnumDecl, fieldNames } from "../fields/declare";
import { ATHENA, S3_LIFECYCLE } from "../fields/destinations";
import type { ResolvedAthena, ResolvedS3Destination } from "../resolved";
import type { S3LifecycleConfig } from "../types";
import type { Checker } from "./checker";

const LIFECYCLE_FIELDS = fieldNames(S3_LIFECYCLE);
const ATHENA_FIELDS = fieldNames(ATHENA);
const GLACIER_CLASSES = (S3_LIFECYCLE.fields.glacierStorageClass as EnumDecl)
  .values as readonly ResolvedS3Destination["lifecycle"]["glacierStorageClass"][];

/** Checks `athena` (a boolean or settings): its settings with defaults, undefined when off, null on a problem. */
export function checkAthena(c: Checker, path: string, v: unknown): ResolvedAthena | undefined | null {
  if (v === undefined || v === false) return undefined;
  if (v === true) return ATHENA_DEFAULTS;
  if (!c.isObject(path, v, ATHENA_FIELDS)) return null;
  const merged = { ...ATHENA_DEFAULTS, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) };
  const ok = Object.entries(ATHENA.fields)
    .map(([field, d]) => checkDeclared(c, `${path}.${field}`, merged[field as keyof ResolvedAthena], d))
    .every(Boolean);
  return ok ? merged : null;
}

/** Checks a lifecycle and fills in its defaults (`defaultGlacierClass` for the Glacier step); undefined on a problem. */
export function checkLifecycle(
  c: Checker,
  path: string,
  lc: unknown,
  defaultGlacierClass: S3LifecycleConfig["glacierStorageClass"] = S3_DESTINATION_DEFAULTS.lifecycle.glacierStorageClass,
): ResolvedS3Destination["lifecycle"] | undefined {
  if (!c.isObject(path, lc, LIFECYCLE_FIELDS)) return undefined;
  const defaults = S3_DESTINATION_DEFAULTS.lifecycle;
  const ia = lc.transitionToInfrequentAccessDays ?? defaults.transitionToInfrequentAccessDays;
  const glacier = lc.transitionToGlacierDays ?? defaults.transitionToGlacierDays;
  const expiry = lc.expirationDays ?? defaults.expirationDays;
  const okIa = ia === 0 || c.integer(`${path}.transitionToInfrequentAccessDays`, ia, 30, 36500);
  const okGl = checkDeclared(c, `${path}.transitionToGlacierDays`, glacier, S3_LIFECYCLE.fields.transitionToGlacierDays);
  const okEx = checkDeclared(c, `${path}.expirationDays`, expiry, S3_LIFECYCLE.fields.expirationDays);
  const glacierClass = lc.glacierStorageClass ?? defaultGlacierClass;
  const okClass = c.oneOf(`${path}.glacierStorageClass`, glacierClass, GLACIER_CLASSES);
  if (!okIa || !okGl || !okEx || !okClass) return undefined;
  const iaN = ia;
  const glN = glacier as number;
  const exN = expiry as number;
  if (iaN > 0 && glN > 0 && glN < iaN + 30) {
    c.fail(
      `${path}.transitionToGlacierDays`,
      glN,
      `S3 needs objects to stay 30 days in Standard-IA: expected 0 (off) or at least ${iaN + 30}`,
    );
  }
  if (exN > 0 && exN <= Math.max(iaN, glN)) {
    c.fail(`${path}.expirationDays`, exN, `must come after the last transition (day ${Math.max(iaN, glN)}), or 0 to keep objects`);
  }
  return {
    transitionToInfrequentAccessDays: iaN,
    transitionToGlacierDays: glN,
    glacierStorageClass: glacierClass,
    expirationDays: exN,
  };
}
