import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { SubnetPlan } from "../config/resolved";
import type { NatGatewayMode } from "../config/types";

/** Props of {@link Network}: the validated network plan of an environment. */
export interface NetworkProps {
  /** Name prefix for the Name tags, usually the environment name. */
  readonly name: string;
  /** IPv4 CIDR block of the VPC. */
  readonly cidr: string;
  /** Public subnets, one per AZ, with computed CIDRs. */
  readonly publicSubnets: readonly SubnetPlan[];
  /** Private subnets, one per AZ, with computed CIDRs. */
  readonly privateSubnets: readonly SubnetPlan[];
  /**
   * NAT gateways for the private subnets.
   * @default "none"
   */
  readonly natGateways?: NatGatewayMode;
}

/**
 * A VPC with DNS support, public subnets routed to an internet gateway, private subnets with
 * a route table per AZ (and NAT if asked), and the default security group stripped of all
 * rules. Needs no AWS API call at plan time: AZs and CIDRs come from config.
 */
export class Network extends Construct {
  /** The VPC resource; subnets, route tables and flow logs hang from its `id`. */
  readonly vpc: Vpc;
  /** Public subnets, in AZ order. */
  readonly publicSubnets: Subnet[];
  /** Private subnets, in AZ order. */
  readonly privateSubnets: Subnet[];
  /** Private route tables, one per AZ. */
  readonly privateRouteTables: RouteTable[];
  /** NAT gateways (none, one or one per AZ). */
  readonly natGateways: NatGateway[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const tag = (suffix: string) => ({ Name: `${props.name}-${suffix}` });

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tag("vpc"),
    });

    // Terraform takes over the default security group and removes every rule from it, so
    // nothing can silently use it (Security Hub EC2.2).
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      tags: tag("default-no-rules"),
    });

    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: tag("igw") });
    const publicRt = new RouteTable(this, "public-route-table", { vpcId: this.vpc.id, tags: tag("public") });
    new Route(this, "public-default-route", {
      routeTableId: publicRt.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });

    this.publicSubnets = props.publicSubnets.map((s, i) => {
      const subnet = new Subnet(this, `public-subnet-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: s.cidr,
        availabilityZone: s.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: { ...tag(`public-${s.availabilityZone}`), Tier: "public" },
      });
      new RouteTableAssociation(this, `public-subnet-${i}-route-table`, {
        subnetId: subnet.id,
        routeTableId: publicRt.id,
      });
      return subnet;
    });

    const mode = props.natGateways ?? "none";
    const natCount = mode === "none" ? 0 : mode === "single" ? 1 : this.publicSubnets.length;
    for (let i = 0; i < natCount; i++) {
      const eip = new Eip(this, `nat-eip-${i}`, { domain: "vpc", tags: tag(`nat-${props.publicSubnets[i].availabilityZone}`) });
      this.natGateways.push(
        new NatGateway(this, `nat-gateway-${i}`, {
          allocationId: eip.allocationId,
          subnetId: this.publicSubnets[i].id,
          tags: tag(`nat-${props.publicSubnets[i].availabilityZone}`),
          dependsOn: [igw],
        }),
      );
    }

    this.privateRouteTables = [];
    this.privateSubnets = props.privateSubnets.map((s, i) => {
      const subnet = new Subnet(this, `private-subnet-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: s.cidr,
        availabilityZone: s.availabilityZone,
        tags: { ...tag(`private-${s.availabilityZone}`), Tier: "private" },
      });
      const rt = new RouteTable(this, `private-route-table-${i}`, {
        vpcId: this.vpc.id,
        tags: tag(`private-${s.availabilityZone}`),
      });
      new RouteTableAssociation(this, `private-subnet-${i}-route-table`, { subnetId: subnet.id, routeTableId: rt.id });
      if (this.natGateways.length > 0) {
        new Route(this, `private-default-route-${i}`, {
          routeTableId: rt.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: this.natGateways[Math.min(i, this.natGateways.length - 1)].id,
        });
      }
      this.privateRouteTables.push(rt);
      return subnet;
    });
  }
}
