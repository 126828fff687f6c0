/** The network section: the VPC block, its AZs and the subnets computed from them. */
import { allocateSubnets, formatCidr, Ipv4Cidr, parseCidr } from "../../shared/cidr";
import type { ResolvedNetwork } from "../resolved";
import { fieldNames } from "../fields/declare";
import { NAT_GATEWAY_MODE, NETWORK } from "../fields/network";
import type { NatGatewayMode } from "../types";
import type { Checker } from "./checker";

const NETWORK_FIELDS = fieldNames(NETWORK);
const NAT_MODES = NAT_GATEWAY_MODE.values as readonly NatGatewayMode[];

function checkVpcCidr(c: Checker, cidr: unknown): Ipv4Cidr | undefined {
  if (typeof cidr !== "string") {
    c.fail("network.cidr", cidr, "expected an IPv4 CIDR block such as 10.10.0.0/16");
    return undefined;
  }
  const parsed = parseCidr(cidr);
  if ("error" in parsed) {
    c.fail("network.cidr", cidr, `not a valid IPv4 network: ${parsed.error}; expected a block such as 10.10.0.0/16`);
    return undefined;
  }
  if (parsed.prefix < 16 || parsed.prefix > 28) {
    c.fail("network.cidr", cidr, "a VPC's prefix length must be from /16 to /28");
    return undefined;
  }
  return parsed;
}

/**
 * Checks the network and computes its subnets. With an invalid region the AZs are checked
 * for shape only: the region's own problem is the one to report.
 */
export function checkNetwork(c: Checker, v: unknown, region: string | undefined): ResolvedNetwork | undefined {
  if (!c.isObject("network", v, NETWORK_FIELDS)) return undefined;
  return c.section((found) => {
    const vpc = checkVpcCidr(c, v.cidr);
    const azRe = region ? new RegExp(`^${region.replace(/-/g, "\\-")}(?:-[a-z]{3}-\\d)?[a-z]$`) : /^[a-z0-9-]+[a-z]$/;
    const azs = c.stringList(
      "network.availabilityZones",
      v.availabilityZones,
      azRe,
      region ? `an Availability Zone of region ${region}, such as ${region}a` : "an Availability Zone name, such as ap-northeast-1a",
      1,
    );
    const natGateways = v.natGateways ?? NETWORK.fields.natGateways.default;
    c.oneOf("network.natGateways", natGateways, NAT_MODES);
    if (!vpc || found()) return undefined;
    return planSubnets(
      c,
      v.cidr as string,
      vpc,
      azs,
      natGateways as NatGatewayMode,
      v.publicSubnetPrefixLength,
      v.privateSubnetPrefixLength,
    );
  });
}

function planSubnets(
  c: Checker,
  cidr: string,
  vpc: Ipv4Cidr,
  azs: readonly string[],
  natGateways: NatGatewayMode,
  publicPrefix: unknown,
  privatePrefix: unknown,
): ResolvedNetwork | undefined {
  const pubPrefix = publicPrefix ?? Math.min(vpc.prefix + 8, 28);
  const privPrefix = privatePrefix ?? Math.min(vpc.prefix + 4, 28);
  const okPub = c.integer("network.publicSubnetPrefixLength", pubPrefix, vpc.prefix, 28);
  const okPriv = c.integer("network.privateSubnetPrefixLength", privPrefix, vpc.prefix, 28);
  if (!okPub || !okPriv) return undefined;
  const n = azs.length;
  const blocks = allocateSubnets(vpc, [...Array<number>(n).fill(privPrefix), ...Array<number>(n).fill(pubPrefix)]);
  if (!blocks) {
    c.fail(
      "network.cidr",
      cidr,
      `too small for ${n} private /${privPrefix} and ${n} public /${pubPrefix} subnets (one of each per AZ); ` +
        "use a larger VPC block or longer subnet prefix lengths (network.privateSubnetPrefixLength, network.publicSubnetPrefixLength)",
    );
    return undefined;
  }
  return {
    cidr,
    availabilityZones: azs,
    natGateways,
    privateSubnets: azs.map((az, i) => ({ availabilityZone: az, cidr: formatCidr(blocks[i]) })),
    publicSubnets: azs.map((az, i) => ({ availabilityZone: az, cidr: formatCidr(blocks[n + i]) })),
  };
}
