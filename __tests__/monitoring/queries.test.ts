/** Logs Insights queries: only fields of the format, and a `parse` that lines up with it. */
import fc from "fast-check";
import { ALL_FLOW_LOG_FIELDS, FLOW_LOG_FIELDS, FlowLogField, RecordFormat } from "../../constructs/records/record-format";
import { FLOW_QUERIES, parseCommand, queryFieldName, renderQuery } from "../../constructs/monitoring/queries";
import { staging } from "../../environments/staging";
import { environmentWith, resources, synthEnvironment, warningsUnder } from "../support/helpers";
import { formatArb, recordArb, recordLine } from "../support/flow-records";

/** Every catalogue field's query name, to find which fields a query text reads. */
const NAME_TO_FIELD = new Map(ALL_FLOW_LOG_FIELDS.map((f) => [FLOW_LOG_FIELDS[f].queryName, f]));

/** The catalogue fields a query text reads (after any parse line). */
function fieldsRead(query: string): FlowLogField[] {
  const body = query.replace(/^parse @message "[^"]*" as [^\n]*\n/, "").replace(/"[^"]*"/g, "");
  const words = body.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  return [...new Set(words.filter((w) => NAME_TO_FIELD.has(w)).map((w) => NAME_TO_FIELD.get(w) as FlowLogField))];
}

/** A Logs Insights glob parse, applied to a line: `*` takes up to the next literal text. */
function applyParse(parseLine: string, line: string): Record<string, string> | undefined {
  const m = /^parse @message "([^"]*)" as (.*)$/.exec(parseLine);
  if (!m) throw new Error(`not a glob parse: ${parseLine}`);
  const names = m[2].split(",").map((s) => s.trim());
  const parts = m[1].split("*");
  const re = new RegExp(`^${parts.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("(.*?)")}$`);
  const values = re.exec(line);
  if (!values || values.length - 1 !== names.length) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, values[i + 1]]));
}

const warningsOf = warningsUnder;

describe("queries for the default format", () => {
  it.each(FLOW_QUERIES.map((q) => [q.id, q] as const))("%s uses the names Logs Insights discovers, without a parse", (_id, q) => {
    const text = renderQuery(q, RecordFormat.DEFAULT);
    expect(text.startsWith("parse")).toBe(false);
    expect(fieldsRead(text).sort()).toEqual([...q.needs].sort());
  });

  it("includes the classic ones as documented", () => {
    const text = (id: string) =>
      renderQuery(
        FLOW_QUERIES.find((q) => q.id === id)!,
        RecordFormat.DEFAULT,
      );
    expect(text("http-traffic")).toContain("filter dstPort = 80");
    expect(text("top-talkers")).toBe("stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10");
    expect(text("rejected-over-time")).toContain("bin(5m)");
    expect(text("rejected-ssh-rdp")).toContain('filter action = "REJECT" and protocol = 6 and dstPort in [22, 3389]');
    expect(text("log-delivery-health")).toContain('logStatus in ["NODATA", "SKIPDATA"]');
    expect(FLOW_QUERIES).toHaveLength(8);
  });
});

describe("queries for custom formats", () => {
  it("begin with a parse whose globs and names follow the format's order, for random formats", () => {
    const needed = [...new Set(FLOW_QUERIES.flatMap((q) => q.needs))];
    fc.assert(
      fc.property(
        formatArb(needed).chain((format) => fc.tuple(fc.constant(format), fc.array(recordArb(format), { minLength: 1, maxLength: 10 }))),
        ([format, records]) => {
          const parseLine = parseCommand(format);
          for (const q of FLOW_QUERIES) {
            const text = renderQuery(q, format);
            expect(text.split("\n")[0]).toBe(parseLine);
            for (const f of fieldsRead(text)) expect(format.has(f)).toBe(true);
          }
          // Parsing a record gives each field its own value.
          for (const r of records) {
            const parsed = applyParse(parseLine, recordLine(format, r));
            expect(parsed).toEqual(Object.fromEntries(format.fields.map((f) => [queryFieldName(f), r[f] ?? "-"])));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("staging: every saved query parses its 27 fields in order", () => {
    const { stack, json } = synthEnvironment(staging);
    const format = stack.flowLogs.format;
    expect(format.isDefault).toBe(false);
    const defs = resources(json, "aws_cloudwatch_query_definition").map(([, v]) => v);
    expect(defs).toHaveLength(8);
    for (const d of defs) {
      const [first] = d.query_string.split("\n");
      expect(first).toBe(`parse @message "${format.fields.map(() => "*").join(" ")}" as ${format.fields.map(queryFieldName).join(", ")}`);
      expect(d.name).toMatch(/^network-monitoring\/staging\/[a-z-]+$/);
      for (const f of fieldsRead(d.query_string)) expect(format.has(f)).toBe(true);
    }
  });
});

describe("queries a format cannot support", () => {
  const narrow: FlowLogField[] = [
    "version",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "dstport",
    "packets",
    "bytes",
    "start",
    "end",
    "log-status",
  ];

  it("are left out with a synth warning naming the field that would enable them", () => {
    const { stack, json } = synthEnvironment(environmentWith((e) => (e.flowLogs.logFormat = narrow)));
    const names = resources(json, "aws_cloudwatch_query_definition").map(([, v]) => v.name.split("/").pop());
    const kept = FLOW_QUERIES.filter((q) => q.needs.every((f) => narrow.includes(f))).map((q) => q.id);
    expect(names.sort()).toEqual(kept.sort());
    expect(kept).toEqual(expect.arrayContaining(["top-talkers", "traffic-per-interface", "log-delivery-health"]));
    const warnings = warningsOf(stack);
    // One line for the monitoring: every query, filter and alarm left out, each with what it lacks.
    const line = warnings.filter((w) => w.includes("left out"));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/^environment "test": \d+ items left out for its record format and traffic type: /);
    expect(line[0]).toContain('query "rejected-over-time" (no "action" field)');
    expect(line[0]).toContain('query "rejected-ssh-rdp" (no "action", "protocol" fields)');
    expect(line[0]).toMatch(/; add the fields to flowLogs\.logFormat to have them$/);
    // The full reason of each stays on the construct.
    expect(stack.monitoring!.leftOut.find((x) => x.id === "rejected-over-time")?.reason).toBe(
      'the record format has no "action" field; add it to flowLogs.logFormat to enable it',
    );
    // The same for the metric filters (and their alarms).
    const metrics = resources(json, "aws_cloudwatch_log_metric_filter").map(([, v]) => v.metric_transformation.name);
    expect(metrics.sort()).toEqual(["Bytes", "SkipDataRecords"]);
    expect(stack.monitoring!.leftOut.filter((x) => x.kind === "alarm").map((x) => x.id)).toEqual([
      "test-network-rejected-flows",
      "test-network-rejected-remote-access",
    ]);
  });

  it("rejected-traffic queries and filters are left out when only accepted traffic is logged", () => {
    const { stack, json } = synthEnvironment(environmentWith((e) => (e.flowLogs.trafficType = "ACCEPT")));
    const names = resources(json, "aws_cloudwatch_query_definition").map(([, v]) => v.name.split("/").pop());
    expect(names).not.toContain("rejected-over-time");
    expect(names).toContain("top-talkers");
    expect(
      warningsOf(stack).some((w) => w.includes('query "rejected-by-source-and-port" (trafficType "ACCEPT" records no rejected flows)')),
    ).toBe(true);
    expect(resources(json, "aws_cloudwatch_metric_alarm").map(([, v]) => v.alarm_name)).toEqual(["test-network-skipdata-records"]);
  });
});
