import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { environmentWith, refTo, resource, resources, synthEnvironment } from "../support/helpers";
import { BASE_ENVIRONMENT } from "../support/environment";

describe("network", () => {
  test("VPC with DNS support and hostnames, subnets per AZ with computed CIDRs", () => {
    const { json } = synthEnvironment(prod);
    const vpc = resource(json, "aws_vpc");
    expect(vpc).toMatchObject({ cidr_block: "10.30.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    const subnets = resources(json, "aws_subnet")
      .map(([, s]) => [s.tags.Tier, s.availability_zone, s.cidr_block])
      .sort((a, b) => b[0].localeCompare(a[0]) || a[1].localeCompare(b[1]));
    expect(subnets).toEqual([
      ["public", "ap-northeast-1a", "10.30.48.0/24"],
      ["public", "ap-northeast-1c", "10.30.49.0/24"],
      ["public", "ap-northeast-1d", "10.30.50.0/24"],
      ["private", "ap-northeast-1a", "10.30.0.0/20"],
      ["private", "ap-northeast-1c", "10.30.16.0/20"],
      ["private", "ap-northeast-1d", "10.30.32.0/20"],
    ]);
    for (const [, s] of resources(json, "aws_subnet")) expect(s.map_public_ip_on_launch ?? false).toBe(false);
  });

  test("public route table routes 0.0.0.0/0 to the internet gateway", () => {
    const { json } = synthEnvironment(BASE_ENVIRONMENT);
    const igw = refTo(json, "aws_internet_gateway", "/internet-gateway", "id");
    const publicRt = refTo(json, "aws_route_table", "/public-route-table", "id");
    expect(resource(json, "aws_route", "/public-default-route")).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: igw,
      route_table_id: publicRt,
    });
    const publicAssoc = resources(json, "aws_route_table_association").filter(([, a]) => a.route_table_id === publicRt);
    expect(publicAssoc).toHaveLength(2);
  });

  test.each([
    ["none", BASE_ENVIRONMENT, 0, 0],
    ["single", staging, 1, 2],
    ["per-az", prod, 3, 3],
  ] as const)("NAT %s: %i gateways, %i private default routes, each private subnet its own route table", (_mode, env, nats, routes) => {
    const { json } = synthEnvironment(env);
    expect(resources(json, "aws_nat_gateway")).toHaveLength(nats);
    expect(resources(json, "aws_eip")).toHaveLength(nats);
    const privateRoutes = resources(json, "aws_route").filter(([, r]) => r.nat_gateway_id);
    expect(privateRoutes).toHaveLength(routes);
    const privateTables = resources(json, "aws_route_table").filter(([, t]) => String(t.tags.Name).includes("private"));
    expect(privateTables).toHaveLength(env.network.availabilityZones.length);
    if (nats > 0) {
      for (const [, n] of resources(json, "aws_nat_gateway")) expect(n.subnet_id).toMatch(/aws_subnet\.network_public-subnet-/);
    }
  });

  test("the default security group is managed with no rules at all", () => {
    const { json } = synthEnvironment(BASE_ENVIRONMENT);
    const sg = resource(json, "aws_default_security_group");
    expect(sg.vpc_id).toBe(refTo(json, "aws_vpc", "/vpc", "id"));
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test("no data source (no AWS call at plan time)", () => {
    for (const env of [dev, staging, prod]) expect(synthEnvironment(env).json.data).toBeUndefined();
  });

  test("subnet prefix lengths can be set", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.network.publicSubnetPrefixLength = 26;
        e.network.privateSubnetPrefixLength = 22;
      }),
    );
    expect(
      resources(json, "aws_subnet")
        .map(([, s]) => `${s.tags.Tier} ${s.cidr_block}`)
        .sort(),
    ).toEqual(["private 10.10.0.0/22", "private 10.10.4.0/22", "public 10.10.8.0/26", "public 10.10.8.64/26"]);
  });
});
