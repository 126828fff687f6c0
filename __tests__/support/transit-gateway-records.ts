/**
 * Transit gateway records for tests: a record of any format from its values by field, with
 * every field a plausible value by default (two VPCs in two accounts meeting at one gateway).
 */
import {
  ALL_TRANSIT_GATEWAY_FIELDS,
  LOSS_FIELDS,
  TransitGatewayFormat,
  type LossCause,
  type TransitGatewayField,
} from "../../constructs/records/transit-gateway-format";

export const TGW = "tgw-0a1b2c3d4e5f60718";
export const ATTACH_A = "tgw-attach-0aaaaaaaaaaaaaaa1";
export const ATTACH_B = "tgw-attach-0bbbbbbbbbbbbbbb2";
export const VPC_A = "vpc-0aaaaaaaaaaaaaaa1";
export const VPC_B = "vpc-0bbbbbbbbbbbbbbb2";
export const T0 = 1418530010;

/** Values of a record from VPC A (10.0.1.5) to VPC B (10.1.2.7) over HTTPS, captured as it entered at A's attachment. */
export const A_TO_B: Readonly<Record<TransitGatewayField, string>> = {
  version: "6",
  "resource-type": "TransitGateway",
  "account-id": "123456789012",
  "tgw-id": TGW,
  "tgw-attachment-id": ATTACH_A,
  "tgw-src-vpc-account-id": "123456789012",
  "tgw-dst-vpc-account-id": "210987654321",
  "tgw-src-vpc-id": VPC_A,
  "tgw-dst-vpc-id": VPC_B,
  "tgw-src-subnet-id": "subnet-0aaaaaaaaaaaaaaa1",
  "tgw-dst-subnet-id": "subnet-0bbbbbbbbbbbbbbb2",
  "tgw-src-eni": "eni-0aaaaaaaaaaaaaaa1",
  "tgw-dst-eni": "eni-0bbbbbbbbbbbbbbb2",
  "tgw-src-az-id": "use1-az1",
  "tgw-dst-az-id": "use1-az2",
  "tgw-pair-attachment-id": ATTACH_B,
  srcaddr: "10.0.1.5",
  dstaddr: "10.1.2.7",
  srcport: "49152",
  dstport: "443",
  protocol: "6",
  packets: "20",
  bytes: "4249",
  start: String(T0),
  end: String(T0 + 60),
  "log-status": "OK",
  type: "IPv4",
  "packets-lost-no-route": "0",
  "packets-lost-blackhole": "0",
  "packets-lost-mtu-exceeded": "0",
  "packets-lost-ttl-expired": "0",
  "tcp-flags": "3",
  region: "us-east-1",
  "flow-direction": "ingress",
  "pkt-src-aws-service": "-",
  "pkt-dst-aws-service": "-",
};

/** A record line in `format` (AWS's default unless given), from A_TO_B with `change` over it. */
export function tgwRecord(
  change: Partial<Record<TransitGatewayField, string | number>> = {},
  format: TransitGatewayFormat = TransitGatewayFormat.DEFAULT,
): string {
  const values = { ...A_TO_B, ...change };
  return format.fields.map((f) => String(values[f])).join(" ");
}

/** A_TO_B with `packets` lost for `cause` (and, for no route, nothing known of the destination's side). */
export function lossRecord(cause: LossCause, packets: number, change: Partial<Record<TransitGatewayField, string | number>> = {}): string {
  const unrouted =
    cause === "no-route" || cause === "blackhole"
      ? {
          "tgw-pair-attachment-id": "-",
          "tgw-dst-vpc-id": "-",
          "tgw-dst-vpc-account-id": "-",
          "tgw-dst-subnet-id": "-",
          "tgw-dst-eni": "-",
          "tgw-dst-az-id": "-",
          dstaddr: "172.16.8.9",
        }
      : {};
  return tgwRecord({ ...unrouted, [LOSS_FIELDS[cause]]: packets, ...change });
}

/** The header line of an S3 file of `format`. */
export const tgwHeader = (format: TransitGatewayFormat = TransitGatewayFormat.DEFAULT) => format.fields.join(" ");

export { ALL_TRANSIT_GATEWAY_FIELDS };
