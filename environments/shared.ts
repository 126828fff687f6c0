/** Settings the example environments share. */
import type { EnvironmentStacksOptions, LogArchiveConfig } from "../constructs";

/** The bucket that holds every example environment's state (created by `state-bootstrap`). */
export const STATE_BUCKET = "example-network-monitoring-tfstate";

/** The region of the state bucket. */
export const STATE_REGION = "ap-northeast-1";

/** The account that holds the state bucket (a tooling account, apart from the environments). */
export const STATE_ACCOUNT_ID = "444444444444";

/**
 * The organisation's log archive: one bucket in the Log Archive account that staging's and
 * prod's flow logs write to, read by one Athena table (the `log-archive` stack, deployed before
 * the environments). With the organisation's id, a new account's delivery needs no policy change.
 */
export const LOG_ARCHIVE: LogArchiveConfig = {
  accountId: "101010101010",
  region: "ap-northeast-1",
  organizationId: "o-example0001",
  bucketName: "example-org-flow-log-archive",
  lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 90, glacierStorageClass: "GLACIER_IR", expirationDays: 1096 },
  // An audit archive: each record is write-once for a year (governance mode: a principal with
  // s3:BypassGovernanceRetention may still delete). Irreversible on the bucket.
  objectLock: { mode: "GOVERNANCE", days: 365 },
  // The security team's analysts (another account) query every account's records through a role.
  analystPrincipals: ["arn:aws:iam::121212121212:role/security-analyst"],
  athena: { bytesScannedCutoffPerQuery: 50 * 1024 ** 3 },
  // A member whose flow log files stop for 6 hours is named to the platform team.
  deliveryWatch: { silentHours: 6, alarmEmails: ["network-alerts@example.com"] },
  state: { bucket: STATE_BUCKET, region: STATE_REGION },
};

/** What `main.ts` adds the environments' stacks with: the state account and the organisation's archive. */
export const APP_OPTIONS: EnvironmentStacksOptions = { stateAccountId: STATE_ACCOUNT_ID, logArchive: LOG_ARCHIVE };
