/** The network's fields: the VPC block, its AZs and the subnets computed from them. */
import type { EnumDecl, ObjectDecl } from "./declare";

export const NAT_GATEWAY_MODE: EnumDecl = {
  kind: "enum",
  typeName: "NatGatewayMode",
  description: "How NAT gateways are laid out for the private subnets.",
  values: ["none", "single", "per-az"],
};

export const NETWORK: ObjectDecl = {
  kind: "object",
  name: "NetworkConfig",
  description: "The network of an environment.",
  fields: {
    cidr: {
      kind: "string",
      description: "IPv4 CIDR block of the VPC, a /16 to /28 network address, such as `10.10.0.0/16`.",
      pattern: /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/,
      valid: "expected an IPv4 CIDR block such as 10.10.0.0/16",
      example: "10.10.0.0/16",
    },
    availabilityZones: {
      kind: "list",
      description: "Availability Zones, by name, all in the environment's region, such as `ap-northeast-1a`.",
      items: { kind: "string", pattern: /^[a-z0-9-]+[a-z]$/, valid: "expected an Availability Zone name, such as ap-northeast-1a" },
      minItems: 1,
      unique: true,
      example: ["ap-northeast-1a", "ap-northeast-1c"],
    },
    publicSubnetPrefixLength: {
      kind: "number",
      integer: true,
      minimum: 16,
      maximum: 28,
      description: "Prefix length of each public subnet (one per AZ).",
      defaultText: "VPC prefix length + 8 (a /24 in a /16), at most /28",
      example: 24,
    },
    privateSubnetPrefixLength: {
      kind: "number",
      integer: true,
      minimum: 16,
      maximum: 28,
      description: "Prefix length of each private subnet (one per AZ).",
      defaultText: "VPC prefix length + 4 (a /20 in a /16), at most /28",
      example: 20,
    },
    natGateways: {
      ...NAT_GATEWAY_MODE,
      description: "NAT gateways for the private subnets: none, a single one in the first AZ, or one per AZ.",
      default: "none",
    },
  },
};
