/**
 * The organisation's log archive: one bucket in a Log Archive account that every member
 * environment's flow logs write to, and one Athena table over all of them. Set once per app
 * (`environments/shared.ts` in this repository), not per environment.
 */
import { ANALYST_PRINCIPAL_RE, ORGANIZATION_ID_RE } from "../validation/patterns";
import type { EnumDecl, ObjectDecl } from "./declare";
import { ATHENA, S3_LIFECYCLE } from "./destinations";
import { ACCOUNT_ID, REGION } from "./identity";
import { MONITORING } from "./monitoring";
import { STATE } from "./state";
import { ARCHIVE_USAGE } from "./usage";

/** The most days S3 Object Lock keeps an object (a default retention is at most 100 years). */
export const MAX_OBJECT_LOCK_DAYS = 36500;

export const OBJECT_LOCK_MODE: EnumDecl = {
  kind: "enum",
  typeName: "ObjectLockMode",
  values: ["GOVERNANCE", "COMPLIANCE"],
  description:
    "GOVERNANCE: a principal with s3:BypassGovernanceRetention may still delete; COMPLIANCE: no one can, until the retention ends.",
  example: "GOVERNANCE",
};

export const OBJECT_LOCK: ObjectDecl = {
  kind: "object",
  name: "ObjectLockConfig",
  description:
    "Write-once retention of the archive's objects (S3 Object Lock). Irreversible: a bucket created with Object Lock keeps it, and in COMPLIANCE mode no one, the root user included, can delete an object or shorten its retention before it ends.",
  fields: {
    mode: OBJECT_LOCK_MODE,
    days: {
      kind: "number",
      integer: true,
      minimum: 1,
      maximum: MAX_OBJECT_LOCK_DAYS,
      description: "Days each object version is locked after it is written.",
      example: 365,
    },
  },
};

/** The delivery watch's defaults. */
export const DELIVERY_WATCH_DEFAULTS = { enabled: true, silentHours: 6 } as const;

export const DELIVERY_WATCH: ObjectDecl = {
  kind: "object",
  name: "DeliveryWatchConfig",
  description:
    "The watch over the members' deliveries: every hour a function in the Log Archive account looks for each member's newest flow log file in the archive; a member with none for `silentHours` raises an alarm, and the function's message names it. The function not running counts as silence.",
  fields: {
    enabled: {
      kind: "boolean",
      optional: true,
      description: "Turn the watch off: nothing then tells when a member's deliveries stop.",
      defaultText: "true (on)",
    },
    silentHours: {
      kind: "number",
      integer: true,
      minimum: 1,
      maximum: 48,
      valid: "expected a whole number of hours, 1 to 48",
      optional: true,
      description:
        "Hours without a flow log file from a member (account, region, VPC or transit gateway records) before it counts as silent. A VPC with no traffic writes no file: give quiet members enough hours.",
      default: DELIVERY_WATCH_DEFAULTS.silentHours,
    },
    alarmEmails: {
      ...MONITORING.fields.alarmEmails,
      optional: true,
      description:
        "E-mail addresses subscribed to the watch's topic (each must confirm). The watch must notify someone: these or `httpsEndpoints`.",
      defaultText: "none",
    },
    httpsEndpoints: {
      ...MONITORING.fields.httpsEndpoints,
      optional: true,
      description: "HTTPS endpoints subscribed to the watch's topic.",
    },
  },
};

export const LOG_ARCHIVE: ObjectDecl = {
  kind: "object",
  name: "LogArchiveConfig",
  description:
    "The organisation's archive: its account and region, the organisation (so that a new account's delivery needs no policy change), the bucket's lifecycle and retention, Athena's settings and the stack's own state.",
  fields: {
    accountId: { ...ACCOUNT_ID, description: "The Log Archive account: the bucket, its key and the Athena table live there." },
    region: { ...REGION, description: "The archive's region (members in other regions deliver across regions)." },
    organizationId: {
      kind: "string",
      pattern: ORGANIZATION_ID_RE,
      valid: "expected an AWS Organizations id, o- and 10 to 32 lowercase letters or digits",
      description:
        "The AWS Organizations id: log delivery may then write for any account of the organisation (`aws:SourceOrgID`), so a new member needs no change to the bucket or key policy. Without it, the policies list the member accounts.",
      defaultText: "none: the policies list the member accounts",
      example: "o-a1b2c3d4e5",
    },
    bucketName: {
      kind: "string",
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      valid:
        "expected an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or a digit",
      description: "Name of the central bucket.",
      defaultText: "`org-flow-logs-<accountId>-<region>`",
      example: "acme-org-flow-logs",
    },
    lifecycle: {
      ...S3_LIFECYCLE,
      optional: true,
      description:
        "Lifecycle of the archive's objects; Athena reads them all their life, so the Glacier step is Instant Retrieval (`GLACIER_IR`).",
      defaultText: "Standard-IA after 30 days, Glacier Instant Retrieval after 90, expiry after 365",
    },
    objectLock: { ...OBJECT_LOCK, optional: true, defaultText: "none" },
    analystPrincipals: {
      kind: "list",
      items: {
        kind: "string",
        pattern: ANALYST_PRINCIPAL_RE,
        valid: "expected the ARN of an IAM role or of an account's root, such as arn:aws:iam::123456789012:role/security-analyst",
      },
      minItems: 1,
      unique: true,
      description:
        "Principals of another account (a security or audit account) that may assume the role `log-archive-flow-logs-analyst`, which runs the named queries (the analyst policy, and nothing else).",
      defaultText: "none: no role; attach the analyst policy to a role of the archive's account",
      example: ["arn:aws:iam::123456789012:role/security-analyst"],
    },
    deliveryWatch: {
      ...DELIVERY_WATCH,
      description:
        "The watch over the members' deliveries: who hears when one stops, and after how many hours. Required unless turned off (`enabled: false`): the archive is production, and its alarms must notify someone.",
      example: { alarmEmails: ["network-alerts@example.com"] },
    },
    athena: { ...ATHENA, optional: true, defaultText: "ATHENA_DEFAULTS" },
    usage: { ...ARCHIVE_USAGE, optional: true, defaultText: "USAGE_DEFAULTS' values of these fields" },
    state: {
      ...STATE,
      description: "Where the `log-archive` stack's Terraform state lives (its key is `<keyPrefix>/log-archive/terraform.tfstate`).",
    },
  },
};
