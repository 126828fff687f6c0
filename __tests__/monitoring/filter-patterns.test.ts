/**
 * Proof on records: each metric filter pattern matches exactly the records it should, for the
 * default format, the example environments' formats and random custom formats.
 */
import fc from "fast-check";
import {
  FLOW_METRICS,
  FlowMetricSpec,
  MAX_FILTER_PATTERN_LENGTH,
  metricFields,
  metricValue,
  spaceDelimitedPattern,
} from "../../constructs/monitoring/filter-pattern";
import { missingFields } from "../../constructs/records/left-out";
import { ALL_FLOW_LOG_FIELDS, RecordFormat } from "../../constructs/records/record-format";
import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { resources, synthEnvironment } from "../support/helpers";
import { metricFilterValue, SpaceDelimitedPattern } from "../support/filter-pattern-evaluator";
import { FlowRecord, formatArb, recordArb, recordLine } from "../support/flow-records";

/** What each metric should publish for a record, from the meaning of the fields alone. */
function oracle(id: FlowMetricSpec["id"], r: FlowRecord): number {
  const rejected = r.action === "REJECT";
  switch (id) {
    case "rejected-flows":
      return rejected ? 1 : 0;
    case "rejected-remote-access":
      return rejected && r.protocol === "6" && (r.dstport === "22" || r.dstport === "3389") ? 1 : 0;
    case "skipdata-records":
      return r["log-status"] === "SKIPDATA" ? 1 : 0;
    case "bytes":
      return r.bytes !== undefined && /^\d+$/.test(r.bytes) ? Number(r.bytes) : 0;
  }
}

const metric = (id: FlowMetricSpec["id"]) => FLOW_METRICS.find((m) => m.id === id) as FlowMetricSpec;

/** The value the metric filter publishes for a record (the default value 0 when it does not match). */
function published(
  spec: FlowMetricSpec,
  format: RecordFormat,
  record: FlowRecord,
  pattern = spaceDelimitedPattern(format, spec.conditions),
): number | undefined {
  return metricFilterValue(new SpaceDelimitedPattern(pattern), metricValue(spec), recordLine(format, record), 0);
}

describe("the filter-pattern evaluator (test code) follows the documented syntax", () => {
  it("needs as many fields as slots, unless there is an ellipsis", () => {
    const p = new SpaceDelimitedPattern("[a, b, c]");
    expect(p.matches("1 2 3")).toBe(true);
    expect(p.matches("1 2")).toBe(false);
    expect(p.matches("1 2 3 4")).toBe(false);
    const e = new SpaceDelimitedPattern("[a, ..., c=3]");
    expect(e.matches("1 3")).toBe(true);
    expect(e.matches("1 2 2 2 3")).toBe(true);
    expect(e.matches("1 2 2 2 4")).toBe(false);
  });

  it("compares quoted strings literally, unquoted numbers numerically and unquoted words with * wildcards", () => {
    expect(new SpaceDelimitedPattern('[a="REJECT"]').matches("REJECT")).toBe(true);
    expect(new SpaceDelimitedPattern('[a="REJECT"]').matches("REJECTED")).toBe(false);
    expect(new SpaceDelimitedPattern('[a="R*"]').matches("REJECT")).toBe(false);
    expect(new SpaceDelimitedPattern("[a=R*]").matches("REJECT")).toBe(true);
    expect(new SpaceDelimitedPattern("[a=22]").matches("22")).toBe(true);
    expect(new SpaceDelimitedPattern("[a=22]").matches("022")).toBe(true);
    expect(new SpaceDelimitedPattern("[a=22]").matches("-")).toBe(false);
    expect(new SpaceDelimitedPattern("[a!=22]").matches("23")).toBe(true);
    expect(new SpaceDelimitedPattern("[a>=0]").matches("0")).toBe(true);
    expect(new SpaceDelimitedPattern("[a>=0]").matches("-")).toBe(false);
    expect(new SpaceDelimitedPattern("[a<10]").matches("9")).toBe(true);
  });

  it("combines conditions with || and && (&& first)", () => {
    const p = new SpaceDelimitedPattern("[a=1 || a=2 && a>5, b]");
    expect(p.matches("1 x")).toBe(true);
    expect(p.matches("2 x")).toBe(false);
    expect(new SpaceDelimitedPattern("[a>1 && a<3]").matches("2")).toBe(true);
    expect(new SpaceDelimitedPattern("[a>1 && a<3]").matches("3")).toBe(false);
  });

  it("publishes $field values, the default value when nothing matches, and refuses bad patterns", () => {
    const p = new SpaceDelimitedPattern("[a, bytes>=0]");
    expect(metricFilterValue(p, "$bytes", "x 1500", 0)).toBe(1500);
    expect(metricFilterValue(p, "$bytes", "x -", 0)).toBe(0);
    expect(metricFilterValue(p, "1", "x 10", 0)).toBe(1);
    expect(() => new SpaceDelimitedPattern("[a, a]")).toThrow(/named twice/);
    expect(() => new SpaceDelimitedPattern("[a=1 || b=2]")).toThrow(/one field/);
    expect(() => new SpaceDelimitedPattern("[a")).toThrow();
  });
});

describe("metric filters on the default format", () => {
  const format = RecordFormat.DEFAULT;
  // Records from the AWS flow log record examples (default format).
  const accepted = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
  const rejectedRdp = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
  const rejectedUdp = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 17 20 4249 1418530010 1418530070 REJECT OK";
  const rejectedFromSsh = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 22 8080 6 3 180 1418530010 1418530070 REJECT OK";
  const noData = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
  const skipData = "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA";
  const lines = { accepted, rejectedRdp, rejectedUdp, rejectedFromSsh, noData, skipData };

  const pub = (id: FlowMetricSpec["id"]) =>
    Object.fromEntries(
      Object.entries(lines).map(([k, line]) => [
        k,
        metricFilterValue(
          new SpaceDelimitedPattern(spaceDelimitedPattern(format, metric(id).conditions)),
          metricValue(metric(id)),
          line,
          0,
        ),
      ]),
    );

  it("names the 14 fields in AWS's order and conditions the right ones", () => {
    expect(spaceDelimitedPattern(format, metric("rejected-remote-access").conditions)).toBe(
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
    );
  });

  it("counts each record in exactly the metrics it belongs to", () => {
    expect(pub("rejected-flows")).toEqual({ accepted: 0, rejectedRdp: 1, rejectedUdp: 1, rejectedFromSsh: 1, noData: 0, skipData: 0 });
    expect(pub("rejected-remote-access")).toEqual({
      accepted: 0,
      rejectedRdp: 1,
      rejectedUdp: 0,
      rejectedFromSsh: 0,
      noData: 0,
      skipData: 0,
    });
    expect(pub("skipdata-records")).toEqual({ accepted: 0, rejectedRdp: 0, rejectedUdp: 0, rejectedFromSsh: 0, noData: 0, skipData: 1 });
    expect(pub("bytes")).toEqual({ accepted: 4249, rejectedRdp: 4249, rejectedUdp: 4249, rejectedFromSsh: 180, noData: 0, skipData: 0 });
  });

  it.each(FLOW_METRICS.map((m) => [m.id, m] as const))("%s agrees with the oracle on random default-format records", (id, spec) => {
    fc.assert(
      fc.property(recordArb(format), (r) => published(spec, format, r) === oracle(id, r)),
      { numRuns: 400 },
    );
  });
});

describe("metric filters on custom formats (property-based)", () => {
  it.each(FLOW_METRICS.map((m) => [m.id, m] as const))(
    "%s matches exactly the records it should, for random formats that contain its fields",
    (id, spec) => {
      const arb = formatArb(metricFields(spec)).chain((format) =>
        fc.tuple(fc.constant(format), fc.array(recordArb(format), { minLength: 1, maxLength: 25 })),
      );
      fc.assert(
        fc.property(arb, ([format, records]) => {
          const pattern = spaceDelimitedPattern(format, spec.conditions);
          const parsed = new SpaceDelimitedPattern(pattern);
          // Every field named, in the format's order: the pattern is derived, not hand-written.
          expect(parsed.fieldNames).toEqual(format.fields.map((f) => f.replace(/-/g, "_")));
          for (const r of records) expect(published(spec, format, r, pattern)).toBe(oracle(id, r));
        }),
        { numRuns: 150 },
      );
    },
  );

  it("fits CloudWatch's pattern length limit even for a format of every field", () => {
    const all = RecordFormat.custom([...ALL_FLOW_LOG_FIELDS]);
    for (const spec of FLOW_METRICS)
      expect(spaceDelimitedPattern(all, spec.conditions).length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
  });

  it("says which fields a format lacks, and refuses to build a pattern without them", () => {
    const format = RecordFormat.custom(["version", "srcaddr", "dstaddr", "bytes"]);
    expect(missingFields(format, metricFields(metric("rejected-remote-access")))).toEqual(["action", "protocol", "dstport"]);
    expect(missingFields(format, metricFields(metric("bytes")))).toEqual([]);
    expect(() => spaceDelimitedPattern(format, metric("rejected-flows").conditions)).toThrow(/no field "action"/);
  });
});

describe("the synthesized metric filters of the example environments", () => {
  it.each([
    ["dev", dev],
    ["staging", staging],
    ["prod", prod],
  ] as const)("%s: the patterns and values in the Terraform JSON count records as the oracle says", (_name, env) => {
    const { stack, json } = synthEnvironment(env);
    const format = stack.flowLogs.format;
    const filters = resources(json, "aws_cloudwatch_log_metric_filter").map(([, v]) => v);
    expect(filters.map((f) => f.metric_transformation.name).sort()).toEqual(FLOW_METRICS.map((m) => m.metricName).sort());
    for (const f of filters) {
      const spec = FLOW_METRICS.find((m) => m.metricName === f.metric_transformation.name) as FlowMetricSpec;
      const parsed = new SpaceDelimitedPattern(f.pattern);
      expect(f.metric_transformation.default_value).toBe("0");
      expect(f.metric_transformation.dimensions).toBeUndefined();
      fc.assert(
        fc.property(recordArb(format), (r) => {
          const value = metricFilterValue(
            parsed,
            f.metric_transformation.value,
            recordLine(format, r),
            Number(f.metric_transformation.default_value),
          );
          return value === oracle(spec.id, r);
        }),
        { numRuns: 300 },
      );
    }
  });
});
