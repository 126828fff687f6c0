import {
  ALL_FLOW_LOG_FIELDS,
  DEFAULT_FORMAT_FIELDS,
  FLOW_LOG_FIELDS,
  isFlowLogField,
  RecordFormat,
} from "../../constructs/records/record-format";
import {
  ALL_TRANSIT_GATEWAY_FIELDS,
  parseAnyFormat,
  TRANSIT_GATEWAY_FIELDS,
  TransitGatewayFormat,
} from "../../constructs/records/transit-gateway-format";

describe("record formats", () => {
  test("the default format is AWS's 14 version-2 fields in order", () => {
    expect(DEFAULT_FORMAT_FIELDS).toEqual([
      "version",
      "account-id",
      "interface-id",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "packets",
      "bytes",
      "start",
      "end",
      "action",
      "log-status",
    ]);
    expect(RecordFormat.DEFAULT.isDefault).toBe(true);
    expect(RecordFormat.DEFAULT.recordVersion).toBe(2);
  });

  test("the catalogue holds every documented field of versions 2 to 8", () => {
    const expected = [
      "vpc-id",
      "subnet-id",
      "instance-id",
      "tcp-flags",
      "type",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "region",
      "az-id",
      "sublocation-type",
      "sublocation-id",
      "pkt-src-aws-service",
      "pkt-dst-aws-service",
      "flow-direction",
      "traffic-path",
      "ecs-cluster-arn",
      "ecs-cluster-name",
      "ecs-container-instance-arn",
      "ecs-container-instance-id",
      "ecs-container-id",
      "ecs-second-container-id",
      "ecs-service-name",
      "ecs-task-definition-arn",
      "ecs-task-arn",
      "ecs-task-id",
      "reject-reason",
    ];
    for (const f of expected) expect(ALL_FLOW_LOG_FIELDS).toContain(f);
    expect(ALL_FLOW_LOG_FIELDS).toHaveLength(DEFAULT_FORMAT_FIELDS.length + expected.length);
    expect(FLOW_LOG_FIELDS["vpc-id"].version).toBe(3);
    expect(FLOW_LOG_FIELDS["flow-direction"].version).toBe(5);
    expect(FLOW_LOG_FIELDS["ecs-task-id"].version).toBe(7);
    expect(FLOW_LOG_FIELDS["reject-reason"].version).toBe(8);
  });

  test("a custom format keeps its order and knows its fields' positions and version", () => {
    const f = RecordFormat.custom(["srcaddr", "dstaddr", "flow-direction", "action"]);
    expect(f.isDefault).toBe(false);
    expect(f.indexOf("flow-direction")).toBe(2);
    expect(f.has("bytes")).toBe(false);
    expect(f.recordVersion).toBe(5);
    expect(f.formatString).toBe("${srcaddr} ${dstaddr} ${flow-direction} ${action}");
  });

  test("the Terraform string escapes every interpolation so Terraform passes ${field} through", () => {
    const f = RecordFormat.custom(["srcaddr", "log-status"]);
    expect(f.terraformFormatString).toBe("$${srcaddr} $${log-status}");
  });

  test("a custom format equal to the default is the default", () => {
    expect(RecordFormat.custom([...DEFAULT_FORMAT_FIELDS]).isDefault).toBe(true);
  });
});

describe("transit gateway record formats", () => {
  test("the catalogue is AWS's 36 transit gateway fields in AWS's order, with each field's version", () => {
    expect(ALL_TRANSIT_GATEWAY_FIELDS).toEqual([
      "version",
      "resource-type",
      "account-id",
      "tgw-id",
      "tgw-attachment-id",
      "tgw-src-vpc-account-id",
      "tgw-dst-vpc-account-id",
      "tgw-src-vpc-id",
      "tgw-dst-vpc-id",
      "tgw-src-subnet-id",
      "tgw-dst-subnet-id",
      "tgw-src-eni",
      "tgw-dst-eni",
      "tgw-src-az-id",
      "tgw-dst-az-id",
      "tgw-pair-attachment-id",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "packets",
      "bytes",
      "start",
      "end",
      "log-status",
      "type",
      "packets-lost-no-route",
      "packets-lost-blackhole",
      "packets-lost-mtu-exceeded",
      "packets-lost-ttl-expired",
      "tcp-flags",
      "region",
      "flow-direction",
      "pkt-src-aws-service",
      "pkt-dst-aws-service",
    ]);
    const byVersion = (v: number) => ALL_TRANSIT_GATEWAY_FIELDS.filter((f) => TRANSIT_GATEWAY_FIELDS[f].version === v);
    // Version 2: the VPC's default fields but the interface and the action, which a gateway's records do not have.
    expect(byVersion(2)).toEqual(DEFAULT_FORMAT_FIELDS.filter((f) => f !== "interface-id" && f !== "action"));
    expect(byVersion(3)).toEqual(["type", "tcp-flags"]);
    expect(byVersion(4)).toEqual(["region"]);
    expect(byVersion(5)).toEqual(["flow-direction", "pkt-src-aws-service", "pkt-dst-aws-service"]);
    expect(byVersion(6)).toHaveLength(18);
    expect(TransitGatewayFormat.DEFAULT.fields).toEqual(ALL_TRANSIT_GATEWAY_FIELDS);
    expect(TransitGatewayFormat.DEFAULT.isDefault).toBe(true);
    expect(TransitGatewayFormat.DEFAULT.lossCauses).toEqual(["no-route", "blackhole", "mtu-exceeded", "ttl-expired"]);
  });

  test("every transit gateway field has its own query name (a parse assigns each once)", () => {
    const queryNames = ALL_TRANSIT_GATEWAY_FIELDS.map((f) => TRANSIT_GATEWAY_FIELDS[f].queryName);
    expect(new Set(queryNames).size).toBe(queryNames.length);
    expect(ALL_TRANSIT_GATEWAY_FIELDS.filter(isFlowLogField)).toHaveLength(18);
  });

  test("a transit gateway format is read from either form of its text and refuses the VPC's fields by name", () => {
    const custom = TransitGatewayFormat.parse("${tgw-attachment-id} ${srcaddr} ${packets-lost-blackhole}");
    expect(custom.fields).toEqual(["tgw-attachment-id", "srcaddr", "packets-lost-blackhole"]);
    expect(custom.isDefault).toBe(false);
    expect(custom.lossCauses).toEqual(["blackhole"]);
    expect(custom.terraformFormatString).toBe("$${tgw-attachment-id} $${srcaddr} $${packets-lost-blackhole}");
    expect(TransitGatewayFormat.parse(ALL_TRANSIT_GATEWAY_FIELDS.join(" "))).toBe(TransitGatewayFormat.DEFAULT);
    expect(() => TransitGatewayFormat.parse("tgw-id srcaddr action interface-id")).toThrow(
      /^unknown transit gateway fields "action", "interface-id" in the record format; valid fields are version, resource-type, /,
    );
    expect(() => TransitGatewayFormat.parse("tgw_id tgw-id")).toThrow(/"tgw_id" \(did you mean tgw-id\?\)/);
    expect(() => RecordFormat.parse("version tgw-id")).toThrow(/^unknown flow log field "tgw-id"/);
  });

  test("either family is read from a format's text: the VPC's when it can be, the family its names lean to when neither", () => {
    expect(parseAnyFormat("version srcaddr dstaddr").records).toBe("vpc");
    expect(parseAnyFormat("version tgw-id srcaddr").records).toBe("transit-gateway");
    expect(parseAnyFormat(ALL_TRANSIT_GATEWAY_FIELDS.join(" "))).toBe(TransitGatewayFormat.DEFAULT);
    expect(parseAnyFormat(DEFAULT_FORMAT_FIELDS.join(" "))).toBe(RecordFormat.DEFAULT);
    // A transit gateway field among VPC fields: the transit gateway's error, which names the VPC's field.
    expect(() => parseAnyFormat("tgw-id action")).toThrow(/^unknown transit gateway field "action"/);
    expect(() => parseAnyFormat("action tgw-id")).toThrow(/^unknown transit gateway field "action"/);
    // Nothing of a transit gateway's: the VPC's error.
    expect(() => parseAnyFormat("action dst-addr")).toThrow(/^unknown flow log field "dst-addr"/);
  });
});
