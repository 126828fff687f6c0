/**
 * Runtime validation of environment configs. Config may come from TypeScript, plain
 * JavaScript or JSON, so nothing here trusts the static types: every field is checked where
 * config enters, before any construct is built, and all problems of an environment are
 * reported in one error that names the environment, each field path, its bad value and what
 * would be valid.
 */
import { allocateSubnets, formatCidr, Ipv4Cidr, parseCidr } from "./cidr";
import type {
  EnvironmentConfig,
  FirehoseDestinationConfig,
  MaxAggregationInterval,
  NatGatewayMode,
  S3Encryption,
  TrafficType,
} from "./config";
import { ALL_FLOW_LOG_FIELDS, FlowLogField, isFlowLogField, RecordFormat } from "./record-format";

/** The error thrown for invalid config. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** Each problem: `<path> = <value>: <what is valid>`. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Log retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Tag keys this project sets itself on every resource. */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;

/** A subnet the network construct creates. */
export interface SubnetPlan {
  /** Availability Zone. */
  readonly availabilityZone: string;
  /** CIDR block computed from the VPC's. */
  readonly cidr: string;
}

/** A CloudWatch Logs destination with defaults filled in. */
export interface ResolvedCloudWatchDestination {
  readonly type: "cloud-watch-logs";
  /** Name of the created log group (also set for an existing group, taken from its ARN). */
  readonly logGroupName: string;
  readonly retentionInDays: number;
  readonly customerManagedKey: boolean;
  readonly existing?: { readonly logGroupArn: string; readonly deliveryRoleArn: string };
}

/** An S3 destination with defaults filled in. */
export interface ResolvedS3Destination {
  readonly type: "s3";
  /** Name of the bucket (created, or taken from the existing ARN). */
  readonly bucketName: string;
  readonly existingBucketArn?: string;
  readonly fileFormat: "plain-text" | "parquet";
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  readonly encryption: S3Encryption;
  readonly lifecycle: {
    readonly transitionToInfrequentAccessDays: number;
    readonly transitionToGlacierDays: number;
    readonly expirationDays: number;
  };
}

/** A destination with defaults filled in. */
export type ResolvedDestination = ResolvedCloudWatchDestination | ResolvedS3Destination | FirehoseDestinationConfig;

/** Alarm settings after validation, every default filled in; fields as in AlarmSettings. */
export interface ResolvedAlarm {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** The anomaly-detection alarm with defaults filled in. */
export interface ResolvedAnomalyAlarm {
  readonly enabled: boolean;
  readonly bandWidth: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Monitoring settings with defaults filled in. */
export interface ResolvedMonitoring {
  readonly alarmEmails: readonly string[];
  readonly httpsEndpoints: readonly string[];
  readonly alarms: {
    readonly rejectedFlows: ResolvedAlarm;
    readonly rejectedRemoteAccess: ResolvedAlarm;
    readonly skipData: ResolvedAlarm;
    readonly bytesAnomaly: ResolvedAnomalyAlarm;
  };
}

/** The default of each alarm: thresholds that suit a small VPC, to be tuned per environment. */
export const ALARM_DEFAULTS: ResolvedMonitoring["alarms"] = {
  rejectedFlows: { enabled: true, threshold: 100, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
  rejectedRemoteAccess: { enabled: true, threshold: 20, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  skipData: { enabled: true, threshold: 0, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  bytesAnomaly: { enabled: false, bandWidth: 3, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
};

/** An environment after validation, with every default filled in and derived values computed. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** AWS partition of the region: aws, aws-cn or aws-us-gov. */
  readonly partition: string;
  readonly production: boolean;
  readonly network: {
    readonly cidr: string;
    readonly availabilityZones: readonly string[];
    readonly natGateways: NatGatewayMode;
    readonly publicSubnets: readonly SubnetPlan[];
    readonly privateSubnets: readonly SubnetPlan[];
  };
  readonly flowLogs: {
    readonly trafficType: TrafficType;
    readonly maxAggregationInterval: MaxAggregationInterval;
    readonly format: RecordFormat;
    readonly destinations: readonly ResolvedDestination[];
    readonly subnetIds: readonly string[];
    readonly networkInterfaceIds: readonly string[];
    readonly transitGatewayIds: readonly string[];
    readonly transitGatewayAttachmentIds: readonly string[];
  };
  readonly monitoring: ResolvedMonitoring;
  readonly state: {
    readonly bucket: string;
    readonly keyPrefix: string;
    /** `<keyPrefix>/<name>/terraform.tfstate` */
    readonly key: string;
    readonly region: string;
    readonly kmsKeyId?: string;
  };
  /** Tags for every resource, including Project, Environment and ManagedBy. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The project tag value. */
export const PROJECT_NAME = "network-monitoring";

const REGION_RE = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|eusc)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}$/;
const ENV_NAME_RE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;
const ACCOUNT_RE = /^\d{12}$/;
const HTTPS_URL_RE = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s]*)?$/;
const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const LOG_GROUP_NAME_RE = /^[A-Za-z0-9_\-/.#]{1,512}$/;
const KEY_PREFIX_RE = /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/;
const PARTITION = "aws(?:-cn|-us-gov)?";
const ROLE_ARN_RE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`);
const KMS_KEY_RE = new RegExp(
  `^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[\\w/-]+|arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:(?:key/[\\w-]+|alias/[\\w/-]+))$`,
);
const RESOURCE_ID_RE = {
  subnetIds: /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  networkInterfaceIds: /^eni-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  transitGatewayIds: /^tgw-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  transitGatewayAttachmentIds: /^tgw-attach-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
} as const;

/** AWS partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
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

const show = (v: unknown): string => {
  if (v === undefined) return "undefined (missing)";
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 120 ? text.slice(0, 117) + "..." : text;
};

/** Collects the problems of one environment. */
class Checker {
  readonly problems: string[] = [];

  fail(path: string, value: unknown, valid: string): void {
    this.problems.push(`${path} = ${show(value)}: ${valid}`);
  }

  /** The error listing every problem found in the config called `label`. */
  error(label: string): ConfigError {
    return new ConfigError(`Invalid ${label}:\n  - ${this.problems.join("\n  - ")}`, this.problems);
  }

  isObject(path: string, v: unknown, allowed: readonly string[]): v is Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      this.fail(path, v, "expected an object");
      return false;
    }
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key)) {
        this.fail(`${path}.${key}`, (v as Record<string, unknown>)[key], `unknown field; valid fields are ${allowed.join(", ")}`);
      }
    }
    return true;
  }

  string(path: string, v: unknown, re: RegExp, valid: string): v is string {
    if (typeof v !== "string" || !re.test(v)) {
      this.fail(path, v, valid);
      return false;
    }
    return true;
  }

  oneOf<T>(path: string, v: unknown, values: readonly T[]): v is T {
    if (!values.includes(v as T)) {
      this.fail(path, v, `expected one of ${values.map((x) => JSON.stringify(x)).join(", ")}`);
      return false;
    }
    return true;
  }

  boolean(path: string, v: unknown): v is boolean {
    if (typeof v !== "boolean") {
      this.fail(path, v, "expected true or false");
      return false;
    }
    return true;
  }

  integer(path: string, v: unknown, min: number, max: number): v is number {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, v, `expected a whole number from ${min} to ${max}`);
      return false;
    }
    return true;
  }

  /** An array of unique strings each matching `re`; returns the valid ones. */
  stringList(path: string, v: unknown, re: RegExp, valid: string, minItems = 0): string[] {
    if (!Array.isArray(v)) {
      this.fail(path, v, `expected a list of ${valid}`);
      return [];
    }
    if (v.length < minItems) this.fail(path, v, `expected at least ${minItems} item(s), each ${valid}`);
    const out: string[] = [];
    v.forEach((item, i) => {
      if (this.string(`${path}[${i}]`, item, re, `expected ${valid}`)) {
        if (out.includes(item)) this.fail(`${path}[${i}]`, item, "duplicate: each item may appear once");
        else out.push(item);
      }
    });
    return out;
  }
}

type Obj = Record<string, unknown>;

const ENV_FIELDS = ["name", "accountId", "region", "production", "network", "flowLogs", "monitoring", "state", "tags"];
const NETWORK_FIELDS = ["cidr", "availabilityZones", "publicSubnetPrefixLength", "privateSubnetPrefixLength", "natGateways"];
const FLOW_LOG_FIELDS_ALLOWED = [
  "trafficType",
  "maxAggregationInterval",
  "destinations",
  "logFormat",
  "subnetIds",
  "networkInterfaceIds",
  "transitGatewayIds",
  "transitGatewayAttachmentIds",
];
const CW_FIELDS = ["type", "logGroupName", "retentionInDays", "customerManagedKey", "existing"];
const S3_FIELDS = [
  "type",
  "bucketName",
  "existingBucketArn",
  "fileFormat",
  "hiveCompatiblePartitions",
  "perHourPartition",
  "encryption",
  "lifecycle",
];
const S3_ONLY_FIELDS = ["fileFormat", "hiveCompatiblePartitions", "perHourPartition", "bucketName", "existingBucketArn", "lifecycle", "encryption"];
const FIREHOSE_FIELDS = ["type", "deliveryStreamArn", "crossAccountDeliveryRoleArn"];
const DESTINATION_TYPES = ["cloud-watch-logs", "s3", "kinesis-data-firehose"] as const;
/** AWS quota, not adjustable: flow logs per VPC, subnet or network interface. */
export const MAX_FLOW_LOGS_PER_TARGET = 2;

/** The label of an environment in messages, safe even when its name is invalid. */
function envLabel(raw: unknown, index?: number): string {
  const name = typeof raw === "object" && raw !== null ? (raw as Obj).name : undefined;
  if (typeof name === "string" && name.length > 0) return `environment "${name}"`;
  return index === undefined ? "environment (unnamed)" : `environment #${index + 1} (unnamed)`;
}

function checkNetwork(c: Checker, v: unknown, region: string | undefined): ResolvedEnvironment["network"] | undefined {
  if (!c.isObject("network", v, NETWORK_FIELDS)) return undefined;
  const before = c.problems.length;
  let vpc: Ipv4Cidr | undefined;
  if (typeof v.cidr !== "string") {
    c.fail("network.cidr", v.cidr, "expected an IPv4 CIDR block such as 10.10.0.0/16");
  } else {
    const parsed = parseCidr(v.cidr);
    if ("error" in parsed) {
      c.fail("network.cidr", v.cidr, `not a valid IPv4 network: ${parsed.error}; expected a block such as 10.10.0.0/16`);
    } else if (parsed.prefix < 16 || parsed.prefix > 28) {
      c.fail("network.cidr", v.cidr, "a VPC's prefix length must be from /16 to /28");
    } else {
      vpc = parsed;
    }
  }
  const azRe = region ? new RegExp(`^${region.replace(/-/g, "\\-")}(?:-[a-z]{3}-\\d)?[a-z]$`) : /^$/;
  const azs = c.stringList(
    "network.availabilityZones",
    v.availabilityZones,
    azRe,
    `an Availability Zone of region ${region ?? "(invalid region)"}, such as ${region ?? "ap-northeast-1"}a`,
    1,
  );
  const natGateways = v.natGateways ?? "none";
  c.oneOf<NatGatewayMode>("network.natGateways", natGateways, ["none", "single", "per-az"]);
  if (!vpc || c.problems.length > before) return undefined;

  const pubPrefix = v.publicSubnetPrefixLength ?? Math.min(vpc.prefix + 8, 28);
  const privPrefix = v.privateSubnetPrefixLength ?? Math.min(vpc.prefix + 4, 28);
  const okPub = c.integer("network.publicSubnetPrefixLength", pubPrefix, vpc.prefix, 28);
  const okPriv = c.integer("network.privateSubnetPrefixLength", privPrefix, vpc.prefix, 28);
  if (!okPub || !okPriv) return undefined;
  const n = azs.length;
  const blocks = allocateSubnets(vpc, [...Array(n).fill(privPrefix), ...Array(n).fill(pubPrefix)]);
  if (!blocks) {
    c.fail(
      "network.cidr",
      v.cidr,
      `too small for ${n} private /${privPrefix} and ${n} public /${pubPrefix} subnets (one of each per AZ); ` +
        "use a larger VPC block or longer subnet prefix lengths (network.privateSubnetPrefixLength, network.publicSubnetPrefixLength)",
    );
    return undefined;
  }
  return {
    cidr: v.cidr as string,
    availabilityZones: azs,
    natGateways: natGateways as NatGatewayMode,
    privateSubnets: azs.map((az, i) => ({ availabilityZone: az, cidr: formatCidr(blocks[i]) })),
    publicSubnets: azs.map((az, i) => ({ availabilityZone: az, cidr: formatCidr(blocks[n + i]) })),
  };
}

function checkDestination(
  c: Checker,
  path: string,
  d: unknown,
  env: { name: string; accountId: string; region: string },
): ResolvedDestination | undefined {
  if (typeof d !== "object" || d === null || Array.isArray(d)) {
    c.fail(path, d, `expected an object with a type, one of ${DESTINATION_TYPES.join(", ")}`);
    return undefined;
  }
  const o = d as Obj;
  if (!c.oneOf(`${path}.type`, o.type, DESTINATION_TYPES)) return undefined;
  const before = c.problems.length;
  const arnAccountRegion = `${env.region}:\\d{12}`;

  if (o.type === "cloud-watch-logs") {
    for (const k of S3_ONLY_FIELDS) {
      if (k in o) c.fail(`${path}.${k}`, o[k], "an S3 option; it applies only to destinations of type \"s3\"");
    }
    c.isObject(path, Object.fromEntries(Object.entries(o).filter(([k]) => !S3_ONLY_FIELDS.includes(k))), CW_FIELDS);
    if (o.existing !== undefined) {
      for (const k of ["logGroupName", "retentionInDays", "customerManagedKey"]) {
        if (k in o) c.fail(`${path}.${k}`, o[k], "applies only to a log group this project creates, not with \"existing\"");
      }
      if (!c.isObject(`${path}.existing`, o.existing, ["logGroupArn", "deliveryRoleArn"])) return undefined;
      const ex = o.existing as Obj;
      c.string(
        `${path}.existing.logGroupArn`,
        ex.logGroupArn,
        new RegExp(`^arn:${PARTITION}:logs:${arnAccountRegion}:log-group:[A-Za-z0-9_\\-/.#]{1,512}(?::\\*)?$`),
        `expected the ARN of a log group in ${env.region}, such as arn:aws:logs:${env.region}:${env.accountId}:log-group:my-flow-logs`,
      );
      c.string(`${path}.existing.deliveryRoleArn`, ex.deliveryRoleArn, ROLE_ARN_RE, "expected an IAM role ARN, such as arn:aws:iam::123456789012:role/flow-logs-delivery");
      if (c.problems.length > before) return undefined;
      const arn = (ex.logGroupArn as string).replace(/:\*$/, "");
      return {
        type: "cloud-watch-logs",
        logGroupName: arn.slice(arn.indexOf(":log-group:") + ":log-group:".length),
        retentionInDays: 0,
        customerManagedKey: false,
        existing: { logGroupArn: arn, deliveryRoleArn: ex.deliveryRoleArn as string },
      };
    }
    const logGroupName = o.logGroupName ?? `/${PROJECT_NAME}/${env.name}/vpc-flow-logs`;
    c.string(`${path}.logGroupName`, logGroupName, LOG_GROUP_NAME_RE, "expected 1 to 512 characters of letters, digits, _ - / . #");
    const retention = o.retentionInDays ?? 365;
    if (!CLOUDWATCH_RETENTION_DAYS.includes(retention as 1)) {
      c.fail(`${path}.retentionInDays`, retention, `CloudWatch Logs accepts only ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`);
    }
    const cmk = o.customerManagedKey ?? false;
    c.boolean(`${path}.customerManagedKey`, cmk);
    if (c.problems.length > before) return undefined;
    return {
      type: "cloud-watch-logs",
      logGroupName: logGroupName as string,
      retentionInDays: retention as number,
      customerManagedKey: cmk as boolean,
    };
  }

  if (o.type === "s3") {
    c.isObject(path, o, S3_FIELDS);
    const fileFormat = o.fileFormat ?? "plain-text";
    c.oneOf(`${path}.fileFormat`, fileFormat, ["plain-text", "parquet"]);
    const hive = o.hiveCompatiblePartitions ?? false;
    c.boolean(`${path}.hiveCompatiblePartitions`, hive);
    const perHour = o.perHourPartition ?? false;
    c.boolean(`${path}.perHourPartition`, perHour);
    let bucketName: string;
    if (o.existingBucketArn !== undefined) {
      for (const k of ["bucketName", "encryption", "lifecycle"]) {
        if (k in o) c.fail(`${path}.${k}`, o[k], "applies only to a bucket this project creates, not with existingBucketArn");
      }
      const ok = c.string(
        `${path}.existingBucketArn`,
        o.existingBucketArn,
        new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:/[^\\s]*)?$`),
        "expected a bucket ARN, such as arn:aws:s3:::my-flow-log-bucket (optionally with /prefix)",
      );
      bucketName = ok ? (o.existingBucketArn as string).slice("arn:".length).split(":::")[1].split("/")[0] : "";
    } else {
      bucketName = (o.bucketName as string | undefined) ?? `${env.name}-${env.accountId}-${env.region}-vpc-flow-logs`;
      const problem = typeof bucketName === "string" ? bucketNameProblem(bucketName) : "must be a string";
      if (problem) c.fail(`${path}.bucketName`, bucketName, `not a valid S3 bucket name: it ${problem}`);
    }
    const encryption = o.encryption ?? "sse-kms";
    c.oneOf(`${path}.encryption`, encryption, ["sse-kms", "sse-s3"]);
    const lc = o.lifecycle ?? {};
    let lifecycle: ResolvedS3Destination["lifecycle"] | undefined;
    if (c.isObject(`${path}.lifecycle`, lc, ["transitionToInfrequentAccessDays", "transitionToGlacierDays", "expirationDays"])) {
      const ia = lc.transitionToInfrequentAccessDays ?? 30;
      const glacier = lc.transitionToGlacierDays ?? 90;
      const expiry = lc.expirationDays ?? 365;
      const okIa = ia === 0 || c.integer(`${path}.lifecycle.transitionToInfrequentAccessDays`, ia, 30, 36500);
      const okGl = c.integer(`${path}.lifecycle.transitionToGlacierDays`, glacier, 0, 36500);
      const okEx = c.integer(`${path}.lifecycle.expirationDays`, expiry, 0, 36500);
      if (okIa && okGl && okEx) {
        const iaN = ia as number;
        const glN = glacier as number;
        const exN = expiry as number;
        if (iaN > 0 && glN > 0 && glN < iaN + 30) {
          c.fail(`${path}.lifecycle.transitionToGlacierDays`, glN, `S3 needs objects to stay 30 days in Standard-IA: expected 0 (off) or at least ${iaN + 30}`);
        }
        if (exN > 0 && exN <= Math.max(iaN, glN)) {
          c.fail(`${path}.lifecycle.expirationDays`, exN, `must come after the last transition (day ${Math.max(iaN, glN)}), or 0 to keep objects`);
        }
        lifecycle = { transitionToInfrequentAccessDays: iaN, transitionToGlacierDays: glN, expirationDays: exN };
      }
    }
    if (c.problems.length > before || !lifecycle) return undefined;
    return {
      type: "s3",
      bucketName,
      existingBucketArn: o.existingBucketArn as string | undefined,
      fileFormat: fileFormat as ResolvedS3Destination["fileFormat"],
      hiveCompatiblePartitions: hive as boolean,
      perHourPartition: perHour as boolean,
      encryption: encryption as S3Encryption,
      lifecycle,
    };
  }

  for (const k of [...S3_ONLY_FIELDS, "logGroupName", "retentionInDays", "customerManagedKey", "existing"]) {
    if (k in o) c.fail(`${path}.${k}`, o[k], `not an option of a kinesis-data-firehose destination (valid: ${FIREHOSE_FIELDS.join(", ")})`);
  }
  c.isObject(path, Object.fromEntries(Object.entries(o).filter(([k]) => FIREHOSE_FIELDS.includes(k))), FIREHOSE_FIELDS);
  c.string(
    `${path}.deliveryStreamArn`,
    o.deliveryStreamArn,
    new RegExp(`^arn:${PARTITION}:firehose:[a-z0-9-]+:\\d{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$`),
    "a kinesis-data-firehose destination needs the ARN of an existing delivery stream, such as arn:aws:firehose:ap-northeast-1:123456789012:deliverystream/flow-logs",
  );
  if (o.crossAccountDeliveryRoleArn !== undefined) {
    c.string(`${path}.crossAccountDeliveryRoleArn`, o.crossAccountDeliveryRoleArn, ROLE_ARN_RE, "expected an IAM role ARN");
  }
  if (c.problems.length > before) return undefined;
  const [, , , streamRegion, streamAccount] = (o.deliveryStreamArn as string).split(":");
  if (env.region && streamRegion !== env.region) {
    c.fail(`${path}.deliveryStreamArn`, o.deliveryStreamArn, `flow logs deliver only to a stream in their own region: expected a stream in ${env.region}`);
  }
  if (streamAccount !== env.accountId && o.crossAccountDeliveryRoleArn === undefined) {
    c.fail(
      `${path}.crossAccountDeliveryRoleArn`,
      undefined,
      `the stream is in account ${streamAccount}, not ${env.accountId}: a cross-account delivery needs the ARN of a role in the stream's account`,
    );
  }
  if (c.problems.length > before) return undefined;
  return {
    type: "kinesis-data-firehose",
    deliveryStreamArn: o.deliveryStreamArn as string,
    crossAccountDeliveryRoleArn: o.crossAccountDeliveryRoleArn as string | undefined,
  };
}

function checkFlowLogs(
  c: Checker,
  v: unknown,
  env: { name: string; accountId: string; region: string },
): ResolvedEnvironment["flowLogs"] | undefined {
  if (!c.isObject("flowLogs", v, FLOW_LOG_FIELDS_ALLOWED)) return undefined;
  const before = c.problems.length;
  c.oneOf<TrafficType>("flowLogs.trafficType", v.trafficType, ["ALL", "ACCEPT", "REJECT"]);
  c.oneOf<MaxAggregationInterval>("flowLogs.maxAggregationInterval", v.maxAggregationInterval, [60, 600]);

  let format = RecordFormat.DEFAULT;
  if (v.logFormat !== undefined) {
    if (!Array.isArray(v.logFormat) || v.logFormat.length === 0) {
      c.fail("flowLogs.logFormat", v.logFormat, "expected a non-empty list of flow log field names, such as [\"srcaddr\", \"dstaddr\"]");
    } else {
      const seen = new Set<string>();
      v.logFormat.forEach((f: unknown, i: number) => {
        if (!isFlowLogField(f)) {
          c.fail(`flowLogs.logFormat[${i}]`, f, `unknown flow log field; valid fields are ${ALL_FLOW_LOG_FIELDS.join(", ")}`);
        } else if (seen.has(f)) {
          c.fail(`flowLogs.logFormat[${i}]`, f, "duplicated field: each field may appear once in a format");
        }
        seen.add(String(f));
      });
      format = RecordFormat.custom(v.logFormat as FlowLogField[]);
    }
  }

  const ids = {} as Record<keyof typeof RESOURCE_ID_RE, string[]>;
  for (const key of Object.keys(RESOURCE_ID_RE) as (keyof typeof RESOURCE_ID_RE)[]) {
    const prefix = RESOURCE_ID_RE[key].source.slice(1).split("[")[0];
    ids[key] =
      v[key] === undefined
        ? []
        : c.stringList(`flowLogs.${key}`, v[key], RESOURCE_ID_RE[key], `a resource id such as ${prefix}0123456789abcdef0`);
  }
  const tgwTargets = ids.transitGatewayIds.length + ids.transitGatewayAttachmentIds.length;
  if (tgwTargets > 0 && v.maxAggregationInterval !== 60) {
    c.fail("flowLogs.maxAggregationInterval", v.maxAggregationInterval, "transit gateway flow logs need 60: set 60 or log transit gateways from another environment");
  }
  if (tgwTargets > 0 && v.trafficType !== "ALL") {
    c.fail("flowLogs.trafficType", v.trafficType, "transit gateway flow logs take no traffic type and record all traffic: set \"ALL\" when transit gateways are logged");
  }

  const destinations: ResolvedDestination[] = [];
  if (!Array.isArray(v.destinations) || v.destinations.length === 0) {
    c.fail("flowLogs.destinations", v.destinations, "expected a list of 1 or 2 destinations (cloud-watch-logs, s3, kinesis-data-firehose)");
  } else {
    if (v.destinations.length > MAX_FLOW_LOGS_PER_TARGET) {
      c.fail(
        "flowLogs.destinations",
        v.destinations.map((d: Obj) => d?.type),
        `each target gets one flow log per destination and AWS allows at most ${MAX_FLOW_LOGS_PER_TARGET} flow logs per VPC, subnet or interface (a quota that cannot be raised): list at most ${MAX_FLOW_LOGS_PER_TARGET}`,
      );
    }
    v.destinations.forEach((d: unknown, i: number) => {
      const r = checkDestination(c, `flowLogs.destinations[${i}]`, d, env);
      if (r) destinations.push(r);
    });
    destinations.forEach((d, i) => {
      if (tgwTargets > 0 && d.type === "cloud-watch-logs" && d.existing) {
        c.fail(
          `flowLogs.destinations[${i}].existing`,
          d.existing.logGroupArn,
          "transit gateway records have another format and go to a log group of their own; with transit gateways, let this project create the log groups",
        );
      }
    });
    const names = destinations.map((d) => (d.type === "cloud-watch-logs" ? `logs:${d.logGroupName}` : d.type === "s3" ? `s3:${d.bucketName}` : `fh:${d.deliveryStreamArn}`));
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) c.fail(`flowLogs.destinations[${i}]`, n.slice(n.indexOf(":") + 1), "the same destination is listed twice");
    });
  }
  if (c.problems.length > before) return undefined;
  return {
    trafficType: v.trafficType as TrafficType,
    maxAggregationInterval: v.maxAggregationInterval as MaxAggregationInterval,
    format,
    destinations,
    ...ids,
  };
}

/** Seconds an alarm may look back over: CloudWatch allows evaluation periods x period up to one day. */
const MAX_ALARM_WINDOW_SECONDS = 86400;

function checkAlarm<T extends ResolvedAlarm | ResolvedAnomalyAlarm>(c: Checker, path: string, v: unknown, defaults: T): T | undefined {
  const anomaly = "bandWidth" in defaults;
  const fields = ["enabled", anomaly ? "bandWidth" : "threshold", "periodSeconds", "evaluationPeriods", "datapointsToAlarm"];
  if (v === undefined) return defaults;
  if (!c.isObject(path, v, fields)) return undefined;
  const before = c.problems.length;
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) } as Record<string, unknown>;
  c.boolean(`${path}.enabled`, merged.enabled);
  if (anomaly) {
    const bw = merged.bandWidth;
    if (typeof bw !== "number" || !Number.isFinite(bw) || bw <= 0 || bw > 100) {
      c.fail(`${path}.bandWidth`, bw, "expected a number of standard deviations above 0 and at most 100, such as 2 or 3");
    }
  } else {
    const t = merged.threshold;
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0) {
      c.fail(`${path}.threshold`, t, "expected a number of 0 or more (the alarm fires when a period's sum is above it)");
    }
  }
  const period = merged.periodSeconds;
  if (typeof period !== "number" || !Number.isInteger(period) || period < 60 || period % 60 !== 0 || period > MAX_ALARM_WINDOW_SECONDS) {
    c.fail(`${path}.periodSeconds`, period, "metric filters publish one-minute data: expected 60 or a multiple of 60, at most 86400");
  }
  const evals = merged.evaluationPeriods;
  if (c.integer(`${path}.evaluationPeriods`, evals, 1, 100) && typeof period === "number" && period * (evals as number) > MAX_ALARM_WINDOW_SECONDS) {
    c.fail(`${path}.evaluationPeriods`, evals, `evaluationPeriods x periodSeconds (${period}) may cover at most one day (86400 s)`);
  }
  const dta = merged.datapointsToAlarm;
  if (c.integer(`${path}.datapointsToAlarm`, dta, 1, 100) && typeof evals === "number" && (dta as number) > evals) {
    c.fail(`${path}.datapointsToAlarm`, dta, `at most evaluationPeriods (${evals})`);
  }
  return c.problems.length > before ? undefined : (merged as T);
}

function checkMonitoring(c: Checker, v: unknown): ResolvedMonitoring | undefined {
  if (!c.isObject("monitoring", v, ["alarmEmails", "httpsEndpoints", "alarms"])) return undefined;
  const before = c.problems.length;
  const alarmEmails = c.stringList("monitoring.alarmEmails", v.alarmEmails, EMAIL_RE, "an e-mail address such as network-alerts@example.com");
  const httpsEndpoints =
    v.httpsEndpoints === undefined
      ? []
      : c.stringList("monitoring.httpsEndpoints", v.httpsEndpoints, HTTPS_URL_RE, "an https:// URL (SNS delivers alarms to HTTPS endpoints only over TLS)");
  const raw = v.alarms ?? {};
  if (!c.isObject("monitoring.alarms", raw, Object.keys(ALARM_DEFAULTS))) return undefined;
  const rejectedFlows = checkAlarm(c, "monitoring.alarms.rejectedFlows", raw.rejectedFlows, ALARM_DEFAULTS.rejectedFlows);
  const rejectedRemoteAccess = checkAlarm(c, "monitoring.alarms.rejectedRemoteAccess", raw.rejectedRemoteAccess, ALARM_DEFAULTS.rejectedRemoteAccess);
  const skipData = checkAlarm(c, "monitoring.alarms.skipData", raw.skipData, ALARM_DEFAULTS.skipData);
  const bytesAnomaly = checkAlarm(c, "monitoring.alarms.bytesAnomaly", raw.bytesAnomaly, ALARM_DEFAULTS.bytesAnomaly);
  if (c.problems.length > before || !rejectedFlows || !rejectedRemoteAccess || !skipData || !bytesAnomaly) return undefined;
  return { alarmEmails, httpsEndpoints, alarms: { rejectedFlows, rejectedRemoteAccess, skipData, bytesAnomaly } };
}

function checkState(c: Checker, v: unknown, name: string, region: string | undefined): ResolvedEnvironment["state"] | undefined {
  if (!c.isObject("state", v, ["bucket", "keyPrefix", "region", "kmsKeyId"])) return undefined;
  const before = c.problems.length;
  const problem = typeof v.bucket === "string" ? bucketNameProblem(v.bucket) : "must be a string";
  if (problem) c.fail("state.bucket", v.bucket, `not a valid S3 bucket name: it ${problem}`);
  const keyPrefix = v.keyPrefix ?? PROJECT_NAME;
  c.string("state.keyPrefix", keyPrefix, KEY_PREFIX_RE, "expected path segments of letters, digits and !_.*'()- separated by single slashes, with no leading or trailing slash");
  const stateRegion = v.region ?? region;
  c.string("state.region", stateRegion, REGION_RE, "expected an AWS region code such as ap-northeast-1");
  if (v.kmsKeyId !== undefined) {
    c.string("state.kmsKeyId", v.kmsKeyId, KMS_KEY_RE, "expected a KMS key id, key ARN, alias/name or alias ARN");
  }
  if (c.problems.length > before) return undefined;
  return {
    bucket: v.bucket as string,
    keyPrefix: keyPrefix as string,
    key: `${keyPrefix}/${name}/terraform.tfstate`,
    region: stateRegion as string,
    kmsKeyId: v.kmsKeyId as string | undefined,
  };
}

function checkTags(c: Checker, v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    c.fail("tags", v, "expected an object of tag keys to string values");
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith("aws:")) {
      c.fail(`tags.${k}`, k, "a tag key is 1 to 128 characters and may not begin with aws:");
    } else if ((RESERVED_TAG_KEYS as readonly string[]).includes(k)) {
      c.fail(`tags.${k}`, val, `${RESERVED_TAG_KEYS.join(", ")} are set by this project on every resource`);
    } else if (typeof val !== "string" || val.length > 256) {
      c.fail(`tags.${k}`, val, "a tag value is a string of at most 256 characters");
    } else {
      out[k] = val;
    }
  }
  return out;
}

/** The name, account, region and production flag shared by every kind of config. */
function checkIdentity(c: Checker, o: Obj): { name: string; region: string | undefined; production: boolean } {
  c.string("name", o.name, ENV_NAME_RE, "expected 1 to 20 lowercase letters, digits and single hyphens, beginning with a letter (it is the stack id)");
  if (o.name === "state-bootstrap") c.fail("name", o.name, "\"state-bootstrap\" is the name of the state bucket stack");
  c.string("accountId", o.accountId, ACCOUNT_RE, "expected a 12-digit AWS account id, as a string (such as \"111122223333\")");
  const regionOk = c.string("region", o.region, REGION_RE, "expected an AWS region code such as ap-northeast-1");
  const production = o.production ?? false;
  c.boolean("production", production);
  return { name: o.name as string, region: regionOk ? (o.region as string) : undefined, production: production as boolean };
}

/** A validated {@link VpcFlowLogMonitoringConfig} with its defaults. */
export interface ResolvedVpcFlowLogMonitoring extends Pick<ResolvedEnvironment, "name" | "accountId" | "region" | "partition" | "production" | "flowLogs" | "monitoring"> {
  /** The VPC's id, or a Terraform reference to it. */
  readonly vpcId: string;
}

const VPC_ID_RE = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;

/**
 * Validates the config of flow logs and their monitoring on an existing VPC (no network, no
 * state: those belong to the stack that uses it). `vpcId` may also be a Terraform reference
 * (a cdktf token), which is checked by Terraform instead.
 */
export function validateVpcFlowLogMonitoring(raw: unknown): ResolvedVpcFlowLogMonitoring {
  const c = new Checker();
  const label = envLabel(raw);
  if (!c.isObject("(config)", raw, ["name", "accountId", "region", "production", "vpcId", "flowLogs", "monitoring"])) {
    throw c.error(label);
  }
  const o = raw as Obj;
  const { name, region, production } = checkIdentity(c, o);
  const isToken = typeof o.vpcId === "string" && o.vpcId.includes("${");
  if (!isToken) c.string("vpcId", o.vpcId, VPC_ID_RE, "expected a VPC id such as vpc-0123456789abcdef0, or a reference to a VPC resource's id");
  const flowLogs = checkFlowLogs(c, o.flowLogs, { name, accountId: o.accountId as string, region: region ?? "" });
  const monitoring = checkMonitoring(c, o.monitoring);
  if (c.problems.length > 0 || !flowLogs || !monitoring || !region) {
    throw c.error(label);
  }
  return { name, accountId: o.accountId as string, region, partition: partitionOf(region), production, vpcId: o.vpcId as string, flowLogs, monitoring };
}

/**
 * Validates one environment and fills in its defaults. Throws a {@link ConfigError} naming
 * the environment and listing every problem found.
 */
export function validateEnvironment(raw: unknown, index?: number): ResolvedEnvironment {
  const c = new Checker();
  const label = envLabel(raw, index);
  if (!c.isObject("(environment)", raw, ENV_FIELDS)) {
    throw c.error(label);
  }
  const o = raw as Obj;
  const { name, region, production } = checkIdentity(c, o);
  const network = checkNetwork(c, o.network, region);
  const flowLogs = checkFlowLogs(c, o.flowLogs, { name, accountId: o.accountId as string, region: region ?? "" });
  const monitoring = checkMonitoring(c, o.monitoring);
  const state = checkState(c, o.state, name, region);
  const tags = checkTags(c, o.tags);

  if (c.problems.length > 0 || !network || !flowLogs || !monitoring || !state || !region) {
    throw c.error(label);
  }
  return {
    name,
    accountId: o.accountId as string,
    region,
    partition: partitionOf(region),
    production: production as boolean,
    network,
    flowLogs,
    monitoring,
    state,
    tags: { ...tags, Project: PROJECT_NAME, Environment: name, ManagedBy: "cdktf" },
  };
}

/**
 * Validates every environment of an app, then what only the set can show: duplicate names
 * and two environments sharing one state key.
 */
export function validateEnvironments(raws: readonly unknown[]): ResolvedEnvironment[] {
  if (!Array.isArray(raws) || raws.length === 0) {
    throw new ConfigError(`Invalid environments = ${show(raws)}: expected a non-empty list of environments`, []);
  }
  const resolved = raws.map((r, i) => validateEnvironment(r, i));
  const problems: string[] = [];
  resolved.forEach((env, i) => {
    const first = resolved.findIndex((o) => o.name === env.name);
    if (first !== i) problems.push(`environments[${i}].name = "${env.name}": duplicate of environments[${first}].name; each environment needs its own name`);
    const sameKey = resolved.findIndex((o) => o.state.bucket === env.state.bucket && o.state.key === env.state.key);
    if (sameKey !== i && first === i) {
      problems.push(
        `environment "${env.name}": state.keyPrefix = "${env.state.keyPrefix}": its state key s3://${env.state.bucket}/${env.state.key} is also environment "${resolved[sameKey].name}"'s; two environments may never share a state key`,
      );
    }
    const sameBucket = resolved.find((o) => o.state.bucket === env.state.bucket && o.state.region !== env.state.region);
    if (sameBucket && resolved.indexOf(sameBucket) < i) {
      problems.push(
        `environment "${env.name}": state.region = "${env.state.region}": bucket ${env.state.bucket} is in ${sameBucket.state.region} for environment "${sameBucket.name}"; a bucket lives in one region`,
      );
    }
  });
  if (problems.length > 0) throw new ConfigError(`Invalid environments:\n  - ${problems.join("\n  - ")}`, problems);
  return resolved;
}

/** Checks a config value against the types only; for the environment files (`satisfies`). */
export type { EnvironmentConfig };
