/**
 * Transit gateway records monitored: each loss counter's metric filter publishes the packets
 * it counts, proven on generated records of any format with the counter; alarms, saved queries
 * and widgets as synthesized.
 */
import fc from "fast-check";
import { patternFieldName, spaceDelimitedPattern } from "../../constructs/monitoring/filter-pattern";
import {
  renderTransitGatewayQuery,
  TRANSIT_GATEWAY_METRICS,
  TRANSIT_GATEWAY_QUERIES,
} from "../../constructs/monitoring/transit-gateway-monitoring";
import {
  ALL_TRANSIT_GATEWAY_FIELDS,
  TRANSIT_GATEWAY_FIELDS,
  TransitGatewayFormat,
  type TransitGatewayField,
} from "../../constructs/records/transit-gateway-format";
import { metricFilterValue, SpaceDelimitedPattern } from "../support/filter-pattern-evaluator";
import { environmentWith, resources, synthEnvironment, warningsUnder } from "../support/helpers";
import { A_TO_B } from "../support/transit-gateway-records";

/** A value of each field as AWS may write it: numbers (0 and large ones), "-", or the field's text. */
const valueArb = (f: TransitGatewayField): fc.Arbitrary<string> =>
  TRANSIT_GATEWAY_FIELDS[f].kind === "number"
    ? fc.oneof(fc.constant("-"), fc.constant("0"), fc.nat({ max: 5_000_000_000 }).map(String))
    : fc.oneof(fc.constant("-"), fc.constant(A_TO_B[f]));

/** A format of 1 to 36 fields in any order, with the field `with` in it. */
const formatWith = (field: TransitGatewayField) =>
  fc
    .shuffledSubarray(
      ALL_TRANSIT_GATEWAY_FIELDS.filter((f) => f !== field),
      { minLength: 0 },
    )
    .chain((others) =>
      fc.nat({ max: others.length }).map((at) => TransitGatewayFormat.custom([...others.slice(0, at), field, ...others.slice(at)])),
    );

describe("each loss counter's metric filter publishes the packets it counts", () => {
  test.each(TRANSIT_GATEWAY_METRICS.map((m) => [m.cause, m] as const))("%s", (_cause, spec) => {
    fc.assert(
      fc.property(
        formatWith(spec.field).chain((format) => fc.tuple(fc.constant(format), fc.tuple(...format.fields.map((f) => valueArb(f))))),
        ([format, values]) => {
          const pattern = new SpaceDelimitedPattern(spaceDelimitedPattern(format, spec.conditions));
          const raw = values[format.indexOf(spec.field)];
          // The packets dropped (0 where AWS wrote none): the sum over records is the packets lost.
          const expected = raw === "-" ? 0 : Number(raw);
          expect(metricFilterValue(pattern, `$${patternFieldName(spec.field)}`, values.join(" "), 0)).toBe(expected);
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  test("a record of another family (a VPC's, fewer fields) publishes nothing but the default", () => {
    const spec = TRANSIT_GATEWAY_METRICS[0];
    const pattern = new SpaceDelimitedPattern(spaceDelimitedPattern(TransitGatewayFormat.DEFAULT, spec.conditions));
    expect(metricFilterValue(pattern, "$packets_lost_no_route", "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", 0)).toBe(
      0,
    );
  });
});

describe("saved queries over transit gateway records", () => {
  test("every query parses the format's fields first and reads only fields the format has", () => {
    const format = TransitGatewayFormat.parse(
      "version tgw-attachment-id tgw-pair-attachment-id srcaddr dstaddr bytes packets-lost-blackhole packets-lost-no-route",
    );
    const losses = renderTransitGatewayQuery(TRANSIT_GATEWAY_QUERIES[0], format)!;
    expect(losses).toBe(
      'parse @message "* * * * * * * *" as version, tgwAttachmentId, tgwPairAttachmentId, srcAddr, dstAddr, bytes, packetsLostBlackhole, packetsLostNoRoute\n' +
        "| filter packetsLostNoRoute > 0 or packetsLostBlackhole > 0\n" +
        "| stats sum(packetsLostNoRoute) as packetsLostNoRoute, sum(packetsLostBlackhole) as packetsLostBlackhole, count(*) as records by tgwAttachmentId, tgwPairAttachmentId\n" +
        "| sort packetsLostNoRoute + packetsLostBlackhole desc\n| limit 50",
    );
    expect(renderTransitGatewayQuery(TRANSIT_GATEWAY_QUERIES[1], format)).toBe(
      'parse @message "* * * * * * * *" as version, tgwAttachmentId, tgwPairAttachmentId, srcAddr, dstAddr, bytes, packetsLostBlackhole, packetsLostNoRoute\n' +
        "| stats sum(bytes) as bytesTransferred by tgwAttachmentId, tgwPairAttachmentId, srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 20",
    );
    // Without a loss counter, or without the attachment, a query that needs it is not rendered.
    expect(
      renderTransitGatewayQuery(TRANSIT_GATEWAY_QUERIES[0], TransitGatewayFormat.parse("tgw-attachment-id srcaddr bytes")),
    ).toBeUndefined();
    expect(renderTransitGatewayQuery(TRANSIT_GATEWAY_QUERIES[1], TransitGatewayFormat.parse("srcaddr dstaddr bytes"))).toBeUndefined();
  });
});

describe("an environment whose transit gateway records go to CloudWatch Logs", () => {
  const tgw = (more: (e: any) => void = () => undefined) =>
    environmentWith((e) => {
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      more(e);
    });

  test("a filter per loss counter on the transit gateway group, an alarm per cause to the topic, two saved queries and widgets", () => {
    const { json } = synthEnvironment(
      tgw((e) => (e.monitoring.alarms = { transitGatewayPacketsLost: { threshold: 10, periodSeconds: 600 } })),
    );
    const filters = resources(json, "aws_cloudwatch_log_metric_filter")
      .map(([, f]) => f)
      .filter((f) => String(f.name).startsWith("test-transit-gateway-"));
    expect(
      filters
        .map((f) => [f.name, f.metric_transformation.name, f.metric_transformation.value, f.metric_transformation.default_value])
        .sort(),
    ).toEqual([
      // Terraform JSON lists resources by id: compared in name order.
      ["test-transit-gateway-lost-blackhole", "TransitGatewayPacketsLostBlackhole", "$packets_lost_blackhole", "0"],
      ["test-transit-gateway-lost-mtu-exceeded", "TransitGatewayPacketsLostMtuExceeded", "$packets_lost_mtu_exceeded", "0"],
      ["test-transit-gateway-lost-no-route", "TransitGatewayPacketsLostNoRoute", "$packets_lost_no_route", "0"],
      ["test-transit-gateway-lost-ttl-expired", "TransitGatewayPacketsLostTtlExpired", "$packets_lost_ttl_expired", "0"],
    ]);
    // On the transit gateway records' own group, not the VPC's.
    const groups = resources(json, "aws_cloudwatch_log_group").map(([id, g]) => [id, g.name]);
    const tgwGroup = groups.find(([, name]) => name === "/network-monitoring/test/vpc-flow-logs/transit-gateway");
    expect(tgwGroup).toBeDefined();
    for (const f of filters) expect(f.log_group_name).toBe(`\${aws_cloudwatch_log_group.${tgwGroup![0]}.name}`);
    const alarms = resources(json, "aws_cloudwatch_metric_alarm")
      .map(([, a]) => a)
      .filter((a) => String(a.alarm_name).includes("transit-gateway"));
    expect(alarms.map((a) => [a.alarm_name, a.metric_name, a.threshold, a.period, a.statistic, a.comparison_operator]).sort()).toEqual(
      TRANSIT_GATEWAY_METRICS.map((m) => [`test-network-${m.id}`, m.metricName, 10, 600, "Sum", "GreaterThanThreshold"]).sort(),
    );
    const [topicId] = resources(json, "aws_sns_topic").map(([id]) => id);
    const topic = `\${aws_sns_topic.${topicId}.arn}`;
    for (const a of alarms) expect([a.alarm_actions, a.ok_actions]).toEqual([[topic], [topic]]);
    const queries = resources(json, "aws_cloudwatch_query_definition")
      .map(([, q]) => q)
      .filter((q) => String(q.name).includes("transit-gateway"));
    expect(queries.map((q) => q.name)).toEqual([
      "network-monitoring/test/transit-gateway-losses",
      "network-monitoring/test/transit-gateway-top-talkers",
    ]);
    expect(queries.find((q) => String(q.name).endsWith("-losses"))!.query_string).toMatch(
      /^parse @message "(\* ){35}\*" as version, resourceType, /,
    );
    const body = JSON.parse(String(resources(json, "aws_cloudwatch_dashboard")[0][1].dashboard_body)) as {
      widgets: { type: string; properties: { title?: string; markdown?: string } }[];
    };
    const titles = body.widgets.map((w) => w.properties.title ?? (w.properties.markdown ?? "").split("\n")[0]);
    expect(titles).toEqual(
      expect.arrayContaining([
        "## Transit gateway records",
        "Transit gateway alarms",
        "Packets the transit gateway dropped, by cause",
        "Packets the transit gateway dropped, by attachment pair and cause",
        "Top talkers across attachments",
      ]),
    );
  });

  test("a format without some counters: no filter or alarm for them, and the synth says which; the alarm off keeps the filters", () => {
    const { json, stack } = synthEnvironment(
      tgw((e) => {
        e.flowLogs.transitGatewayLogFormat = ["tgw-attachment-id", "srcaddr", "dstaddr", "bytes", "packets-lost-mtu-exceeded"];
        e.monitoring.alarms = { transitGatewayPacketsLost: { enabled: false } };
      }),
    );
    const filters = resources(json, "aws_cloudwatch_log_metric_filter")
      .map(([, f]) => f)
      .filter((f) => String(f.name).includes("transit-gateway"));
    expect(filters.map((f) => [f.name, f.pattern])).toEqual([
      ["test-transit-gateway-lost-mtu-exceeded", "[tgw_attachment_id, srcaddr, dstaddr, bytes, packets_lost_mtu_exceeded>0]"],
    ]);
    expect(resources(json, "aws_cloudwatch_metric_alarm").filter(([, a]) => String(a.alarm_name).includes("transit-gateway"))).toEqual([]);
    expect(warningsUnder(stack)).toContain(
      'environment "test": no metric filter or alarm for packets-lost-no-route, packets-lost-blackhole, packets-lost-ttl-expired: flowLogs.transitGatewayLogFormat does not have those fields',
    );
  });

  test("without transit gateways nothing of this is made", () => {
    const count = (json: ReturnType<typeof synthEnvironment>["json"]) =>
      resources(json, "aws_cloudwatch_log_metric_filter").filter(([, f]) => String(f.name).includes("transit-gateway")).length;
    expect(count(synthEnvironment(environmentWith()).json)).toBe(0);
  });
});
