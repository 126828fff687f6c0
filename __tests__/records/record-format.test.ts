import { ALL_FLOW_LOG_FIELDS, DEFAULT_FORMAT_FIELDS, FLOW_LOG_FIELDS, RecordFormat } from "../../constructs/records/record-format";

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
