/**
 * The catalogue of VPC flow log record fields (versions 2 to 8), and record formats built
 * from them (transit-gateway-format.ts holds the transit gateway's). A record is one line of space-separated values in the format's field order, so
 * everything that reads records (metric filter patterns, Logs Insights `parse`) is derived
 * from the ordered field list exposed here.
 */

/** What kind of value a field holds, for patterns, queries and generated test records. */
export type FieldKind = "number" | "string" | "ip" | "enum";

/** One field of the catalogue. */
export interface FieldSpec {
  /** The VPC flow log record version that introduced the field. */
  readonly version: number;
  /** Kind of value. */
  readonly kind: FieldKind;
  /**
   * Name a query uses for it: for the version-2 fields, the name CloudWatch Logs Insights
   * discovers in default-format records (srcAddr, startTime, ...); the same camelCase style for
   * the others, which a custom format's `parse` assigns.
   */
  readonly queryName: string;
  /** For enum fields, the values AWS writes (besides `-` for "not applicable"). */
  readonly values?: readonly string[];
}

/** A catalogue entry of each kind (the transit gateway catalogue is written with them too). */
export const numberField = (version: number, queryName: string): FieldSpec => ({ version, kind: "number", queryName });
export const stringField = (version: number, queryName: string): FieldSpec => ({ version, kind: "string", queryName });
export const addressField = (version: number, queryName: string): FieldSpec => ({ version, kind: "ip", queryName });
export const enumField = (version: number, queryName: string, values: readonly string[]): FieldSpec => ({
  version,
  kind: "enum",
  queryName,
  values,
});
const [n, s, ip, e] = [numberField, stringField, addressField, enumField];

/** Every documented VPC flow log field, in the order of AWS's table. */
export const FLOW_LOG_FIELDS = {
  version: n(2, "version"),
  "account-id": s(2, "accountId"),
  "interface-id": s(2, "interfaceId"),
  srcaddr: ip(2, "srcAddr"),
  dstaddr: ip(2, "dstAddr"),
  srcport: n(2, "srcPort"),
  dstport: n(2, "dstPort"),
  protocol: n(2, "protocol"),
  packets: n(2, "packets"),
  bytes: n(2, "bytes"),
  start: n(2, "startTime"),
  end: n(2, "endTime"),
  action: e(2, "action", ["ACCEPT", "REJECT"]),
  "log-status": e(2, "logStatus", ["OK", "NODATA", "SKIPDATA"]),
  "vpc-id": s(3, "vpcId"),
  "subnet-id": s(3, "subnetId"),
  "instance-id": s(3, "instanceId"),
  "tcp-flags": n(3, "tcpFlags"),
  type: e(3, "type", ["IPv4", "IPv6", "EFA"]),
  "pkt-srcaddr": ip(3, "pktSrcAddr"),
  "pkt-dstaddr": ip(3, "pktDstAddr"),
  region: s(4, "region"),
  "az-id": s(4, "azId"),
  "sublocation-type": e(4, "sublocationType", ["wavelength", "outpost", "localzone"]),
  "sublocation-id": s(4, "sublocationId"),
  "pkt-src-aws-service": s(5, "pktSrcAwsService"),
  "pkt-dst-aws-service": s(5, "pktDstAwsService"),
  "flow-direction": e(5, "flowDirection", ["ingress", "egress"]),
  "traffic-path": n(5, "trafficPath"),
  "ecs-cluster-arn": s(7, "ecsClusterArn"),
  "ecs-cluster-name": s(7, "ecsClusterName"),
  "ecs-container-instance-arn": s(7, "ecsContainerInstanceArn"),
  "ecs-container-instance-id": s(7, "ecsContainerInstanceId"),
  "ecs-container-id": s(7, "ecsContainerId"),
  "ecs-second-container-id": s(7, "ecsSecondContainerId"),
  "ecs-service-name": s(7, "ecsServiceName"),
  "ecs-task-definition-arn": s(7, "ecsTaskDefinitionArn"),
  "ecs-task-arn": s(7, "ecsTaskArn"),
  "ecs-task-id": s(7, "ecsTaskId"),
  "reject-reason": s(8, "rejectReason"),
} as const satisfies Record<string, FieldSpec>;

/** The name of a documented flow log field, as written in a log format (`${name}`). */
export type FlowLogField = keyof typeof FLOW_LOG_FIELDS;

/** All field names, in catalogue order. */
export const ALL_FLOW_LOG_FIELDS = Object.keys(FLOW_LOG_FIELDS) as FlowLogField[];

/** The AWS default format: the 14 version-2 fields in AWS's order. */
export const DEFAULT_FORMAT_FIELDS: readonly FlowLogField[] = Object.freeze(
  ALL_FLOW_LOG_FIELDS.filter((f) => FLOW_LOG_FIELDS[f].version === 2),
);

/** Whether a string is a documented field name. */
export function isFlowLogField(name: unknown): name is FlowLogField {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(FLOW_LOG_FIELDS, name);
}

/** A problem of one name in a list of format fields: not a field, or a field named twice. */
export interface FormatFieldProblem {
  readonly index: number;
  readonly name: unknown;
  readonly problem: "unknown" | "duplicate";
}

/**
 * The problems of a list of field names as a record format, by position: each name that is no
 * field of the catalogue (by default the VPC's), and each field named a second time (AWS refuses
 * both). The one reading of a format that config and the explainer share.
 */
export function formatFieldProblems(names: readonly unknown[], isField: (name: unknown) => boolean = isFlowLogField): FormatFieldProblem[] {
  const seen = new Set<unknown>();
  const out: FormatFieldProblem[] = [];
  names.forEach((name, index) => {
    if (!isField(name)) out.push({ index, name, problem: "unknown" });
    else if (seen.has(name)) out.push({ index, name, problem: "duplicate" });
    seen.add(name);
  });
  return out;
}

/** A record format's text that is not one: the message names each bad field and the valid ones. */
export class RecordFormatError extends Error {
  constructor(
    message: string,
    readonly problems: readonly FormatFieldProblem[],
  ) {
    super(message);
    this.name = "RecordFormatError";
  }
}

/** A family of record fields: the VPC's, or the transit gateway's (transit-gateway-format.ts). */
export interface FieldCatalogue<F extends string> {
  /** What its records are, as messages name them: "flow log", "transit gateway". */
  readonly records: string;
  readonly specs: Readonly<Record<F, FieldSpec>>;
  /** Every field, in AWS's order. */
  readonly all: readonly F[];
  isField(name: unknown): name is F;
}

/**
 * The field names of a format's text in a catalogue: names separated by spaces, bare (`version
 * srcaddr`, as an S3 file's header line names them) or as AWS writes a format (`${version}
 * ${srcaddr}`). Throws a {@link RecordFormatError} naming each unknown or repeated field.
 */
export function formatFieldNames<F extends string>(text: string, catalogue: FieldCatalogue<F>): F[] {
  const names = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => n.replace(/^\$\{(.*)\}$/, "$1"));
  if (names.length === 0) throw new RecordFormatError("the record format names no field", []);
  const problems = formatFieldProblems(names, (name) => catalogue.isField(name));
  if (problems.length > 0) {
    // A name as a message quotes it (cut when long), with the field it is likely a misspelling of.
    const named = (name: string) => {
      const text = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}...` : name);
      const twin = name.replace(/_/g, "-").toLowerCase();
      return catalogue.isField(twin) && twin !== name ? `${text} (did you mean ${twin}?)` : text;
    };
    const unknown = problems.filter((p) => p.problem === "unknown").map((p) => named(String(p.name)));
    const twice = [...new Set(problems.filter((p) => p.problem === "duplicate").map((p) => `"${String(p.name)}"`))];
    const parts = [
      ...(unknown.length
        ? [`unknown ${catalogue.records} field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in the record format`]
        : []),
      ...(twice.length ? [`field${twice.length > 1 ? "s" : ""} ${twice.join(", ")} named twice in the record format`] : []),
      ...(names.some((n) => n.includes(",")) ? ["fields are separated by spaces, not commas"] : []),
    ];
    throw new RecordFormatError(`${parts.join("; ")}; valid fields are ${catalogue.all.join(", ")}, each once`, problems);
  }
  return names as F[];
}

/** What every record format is: its ordered fields and the `log_format` AWS reads. */
export abstract class FieldFormat<F extends string> {
  /** Ordered fields of every record. */
  readonly fields: readonly F[];

  protected constructor(
    fields: readonly F[],
    /** True for AWS's default format of its records (no `log_format` is sent). */
    readonly isDefault: boolean,
  ) {
    this.fields = Object.freeze([...fields]);
  }

  /** Whether the format has a field. */
  has(field: F): boolean {
    return this.fields.includes(field);
  }

  /** 0-based position of a field, or -1. */
  indexOf(field: F): number {
    return this.fields.indexOf(field);
  }

  /** The `log_format` string as AWS reads it: `${version} ${account-id} ...`. */
  get formatString(): string {
    return this.fields.map((f) => "${" + f + "}").join(" ");
  }

  /**
   * The same string escaped for Terraform JSON, where `${` starts an interpolation:
   * `$${version} $${account-id} ...`. Terraform unescapes it to {@link formatString}.
   */
  get terraformFormatString(): string {
    return this.formatString.replace(/\$\{/g, () => "$${");
  }
}

/** The VPC's field catalogue. */
export const VPC_FIELDS: FieldCatalogue<FlowLogField> = {
  records: "flow log",
  specs: FLOW_LOG_FIELDS,
  all: ALL_FLOW_LOG_FIELDS,
  isField: isFlowLogField,
};

/** A VPC flow log's record format: the ordered fields of what a flow log writes. */
export class RecordFormat extends FieldFormat<FlowLogField> {
  /** Which records the format is of: a VPC's (and its subnets' and interfaces'). */
  readonly records = "vpc" as const;

  /**
   * A format from its text: field names separated by spaces, bare or as AWS writes a format
   * (`${version} ${srcaddr}`). Throws a {@link RecordFormatError} naming each unknown or
   * repeated field.
   */
  static parse(text: string): RecordFormat {
    return RecordFormat.custom(formatFieldNames(text, VPC_FIELDS));
  }

  /** The AWS default format. */
  static readonly DEFAULT = new RecordFormat(DEFAULT_FORMAT_FIELDS, true);

  /**
   * A custom format from a field list (validated by the environment validation). The default
   * fields in the default order give {@link RecordFormat.DEFAULT}.
   */
  static custom(fields: readonly FlowLogField[]): RecordFormat {
    const same = fields.length === DEFAULT_FORMAT_FIELDS.length && fields.every((f, i) => f === DEFAULT_FORMAT_FIELDS[i]);
    return same ? RecordFormat.DEFAULT : new RecordFormat(fields, false);
  }

  private constructor(fields: readonly FlowLogField[], isDefault: boolean) {
    super(fields, isDefault);
  }

  /** The record version AWS writes: the highest version among the fields. */
  get recordVersion(): number {
    return Math.max(...this.fields.map((f) => FLOW_LOG_FIELDS[f].version));
  }
}
