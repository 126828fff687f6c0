/** The shapes of AWS names, ids and ARNs that config values must have. */

export const REGION_RE =
  /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|eusc)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}$/;
export const ENV_NAME_RE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;
export const ACCOUNT_RE = /^\d{12}$/;
export const HTTPS_URL_RE = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s]*)?$/;
export const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
export const LOG_GROUP_NAME_RE = /^[A-Za-z0-9_\-/.#]{1,512}$/;
export const KEY_PREFIX_RE = /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/;
export const ORGANIZATION_ID_RE = /^o-[a-z0-9]{10,32}$/;
export const VPC_ID_RE = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
/** The partitions in an ARN. */
export const PARTITION = "aws(?:-cn|-us-gov)?";
/** A principal another account names in a trust policy: a role, or the account's root. */
export const ANALYST_PRINCIPAL_RE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:root|role/[\\w+=,.@/-]{1,512})$`);
export const ROLE_ARN_RE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`);
/** A KMS key id: a UUID, or a multi-Region key's `mrk-` id. */
export const KMS_KEY_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}";
export const KMS_KEY_RE = new RegExp(
  `^(?:${KMS_KEY_ID}|alias/[\\w/-]+|arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:(?:key/[\\w-]+|alias/[\\w/-]+))$`,
);
/** Ids of further flow-log targets, by the config field that lists them. */
export const RESOURCE_ID_RE = {
  subnetIds: /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  networkInterfaceIds: /^eni-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  transitGatewayIds: /^tgw-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  transitGatewayAttachmentIds: /^tgw-attach-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
} as const;

/**
 * Whether a value is a Terraform reference (a cdktf token, such as a resource's `arn` in the
 * same app): it has no value at synth, so it is passed through as it is, and Terraform checks it
 * and orders the resources by it.
 */
export function isReference(v: unknown): v is string {
  return typeof v === "string" && v.includes("${");
}

/** Why a string is not a valid S3 bucket name, or null when it is one. */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit";
  }
  if (name.includes("..")) return "may not hold two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "may not look like an IP address";
  if (name.startsWith("xn--") || name.startsWith("sthree-")) return "may not begin with xn-- or sthree-";
  if (name.endsWith("-s3alias") || name.endsWith("--ol-s3")) return "may not end with -s3alias or --ol-s3";
  return null;
}
