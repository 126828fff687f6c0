/**
 * The catalogue of transit gateway flow log record fields, and the formats built from them. A
 * transit gateway (or one of its attachments) writes records of its own: no interface, no
 * action, but the attachments and VPCs on either side and four counters of packets the gateway
 * dropped, each for one cause. Its formats are checked against this catalogue, as a VPC's are
 * against record-format.ts's.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html (Transit Gateway Flow Log records)
 */
import {
  enumField as e,
  FieldCatalogue,
  FieldFormat,
  FLOW_LOG_FIELDS,
  formatFieldNames,
  formatFieldProblems,
  FormatFieldProblem,
  isFlowLogField,
  numberField as n,
  RecordFormat,
  stringField as s,
  type FieldSpec,
} from "./record-format";

/** The fields both families have are the VPC's entries: one kind and one query name each. */
const VPC = FLOW_LOG_FIELDS;

/** Every documented transit gateway flow log field, in the order of AWS's table (the default format's order). */
export const TRANSIT_GATEWAY_FIELDS = {
  version: VPC.version,
  "resource-type": e(6, "resourceType", ["TransitGateway", "TransitGatewayAttachment"]),
  "account-id": VPC["account-id"],
  "tgw-id": s(6, "tgwId"),
  "tgw-attachment-id": s(6, "tgwAttachmentId"),
  "tgw-src-vpc-account-id": s(6, "tgwSrcVpcAccountId"),
  "tgw-dst-vpc-account-id": s(6, "tgwDstVpcAccountId"),
  "tgw-src-vpc-id": s(6, "tgwSrcVpcId"),
  "tgw-dst-vpc-id": s(6, "tgwDstVpcId"),
  "tgw-src-subnet-id": s(6, "tgwSrcSubnetId"),
  "tgw-dst-subnet-id": s(6, "tgwDstSubnetId"),
  "tgw-src-eni": s(6, "tgwSrcEni"),
  "tgw-dst-eni": s(6, "tgwDstEni"),
  "tgw-src-az-id": s(6, "tgwSrcAzId"),
  "tgw-dst-az-id": s(6, "tgwDstAzId"),
  "tgw-pair-attachment-id": s(6, "tgwPairAttachmentId"),
  srcaddr: VPC.srcaddr,
  dstaddr: VPC.dstaddr,
  srcport: VPC.srcport,
  dstport: VPC.dstport,
  protocol: VPC.protocol,
  packets: VPC.packets,
  bytes: VPC.bytes,
  start: VPC.start,
  end: VPC.end,
  "log-status": VPC["log-status"],
  type: VPC.type,
  "packets-lost-no-route": n(6, "packetsLostNoRoute"),
  "packets-lost-blackhole": n(6, "packetsLostBlackhole"),
  "packets-lost-mtu-exceeded": n(6, "packetsLostMtuExceeded"),
  "packets-lost-ttl-expired": n(6, "packetsLostTtlExpired"),
  "tcp-flags": VPC["tcp-flags"],
  region: VPC.region,
  "flow-direction": VPC["flow-direction"],
  "pkt-src-aws-service": VPC["pkt-src-aws-service"],
  "pkt-dst-aws-service": VPC["pkt-dst-aws-service"],
} as const satisfies Record<string, FieldSpec>;

/** The name of a documented transit gateway flow log field. */
export type TransitGatewayField = keyof typeof TRANSIT_GATEWAY_FIELDS;

/** All transit gateway fields, in catalogue order: AWS's default format for transit gateways. */
export const ALL_TRANSIT_GATEWAY_FIELDS: readonly TransitGatewayField[] = Object.freeze(
  Object.keys(TRANSIT_GATEWAY_FIELDS) as TransitGatewayField[],
);

/** Whether a string is a documented transit gateway field name. */
export function isTransitGatewayField(name: unknown): name is TransitGatewayField {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(TRANSIT_GATEWAY_FIELDS, name);
}

/** The transit gateway's field catalogue. */
export const TRANSIT_GATEWAY_CATALOGUE: FieldCatalogue<TransitGatewayField> = {
  records: "transit gateway",
  specs: TRANSIT_GATEWAY_FIELDS,
  all: ALL_TRANSIT_GATEWAY_FIELDS,
  isField: isTransitGatewayField,
};

/** The problems of a list of names as a transit gateway format: unknown fields and fields named twice. */
export function transitGatewayFormatProblems(names: readonly unknown[]): FormatFieldProblem[] {
  return formatFieldProblems(names, isTransitGatewayField);
}

/** Why a transit gateway dropped packets: one loss counter each. */
export type LossCause = "no-route" | "blackhole" | "mtu-exceeded" | "ttl-expired";

/** The loss counters, by cause, in AWS's order. */
export const LOSS_FIELDS: Readonly<Record<LossCause, TransitGatewayField>> = Object.freeze({
  "no-route": "packets-lost-no-route",
  blackhole: "packets-lost-blackhole",
  "mtu-exceeded": "packets-lost-mtu-exceeded",
  "ttl-expired": "packets-lost-ttl-expired",
});

/** The causes, in AWS's order. */
export const LOSS_CAUSES: readonly LossCause[] = Object.freeze(Object.keys(LOSS_FIELDS) as LossCause[]);

/**
 * The largest packet, in bytes, a transit gateway passes between VPCs, Direct Connect and
 * peering attachments; VPN attachments carry 1500. Larger packets are dropped, and no ICMP
 * "fragmentation needed" comes back, so path MTU discovery does not help.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html (MTU)
 */
export const TRANSIT_GATEWAY_MTU = 8500;
/** The MTU of a VPN attachment. */
export const VPN_ATTACHMENT_MTU = 1500;

/** A transit gateway flow log's record format. */
export class TransitGatewayFormat extends FieldFormat<TransitGatewayField> {
  /** Which records the format is of: a transit gateway's or its attachments'. */
  readonly records = "transit-gateway" as const;

  /** AWS's default: every field, in the catalogue's order. */
  static readonly DEFAULT = new TransitGatewayFormat(ALL_TRANSIT_GATEWAY_FIELDS, true);

  /** A format from its text (bare names or `${name}`); throws a RecordFormatError naming each unknown or repeated field. */
  static parse(text: string): TransitGatewayFormat {
    return TransitGatewayFormat.custom(formatFieldNames(text, TRANSIT_GATEWAY_CATALOGUE));
  }

  /** A custom format from a field list; every field in the catalogue's order gives {@link TransitGatewayFormat.DEFAULT}. */
  static custom(fields: readonly TransitGatewayField[]): TransitGatewayFormat {
    const same = fields.length === ALL_TRANSIT_GATEWAY_FIELDS.length && fields.every((f, i) => f === ALL_TRANSIT_GATEWAY_FIELDS[i]);
    return same ? TransitGatewayFormat.DEFAULT : new TransitGatewayFormat(fields, false);
  }

  private constructor(fields: readonly TransitGatewayField[], isDefault: boolean) {
    super(fields, isDefault);
  }

  /** The loss counters the format has, by cause. */
  get lossCauses(): LossCause[] {
    return LOSS_CAUSES.filter((c) => this.has(LOSS_FIELDS[c]));
  }
}

/** A record format of either family. */
export type AnyRecordFormat = RecordFormat | TransitGatewayFormat;

/**
 * A format from its text, of whichever family its fields are: a VPC's when every name is a VPC
 * field (the two share their version-2 fields), else a transit gateway's. A text of neither
 * throws the error of the family its names lean to: a transit gateway's when it names a field
 * only transit gateways have.
 */
export function parseAnyFormat(text: string): AnyRecordFormat {
  try {
    return RecordFormat.parse(text);
  } catch (vpcError) {
    try {
      return TransitGatewayFormat.parse(text);
    } catch (tgwError) {
      const names = text.split(/\s+/).map((n) => n.replace(/^\$\{(.*)\}$/, "$1"));
      const tgwOnly = names.some((n) => isTransitGatewayField(n) && !isFlowLogField(n));
      throw tgwOnly ? tgwError : vpcError;
    }
  }
}
