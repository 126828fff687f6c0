/**
 * Flow log records for any record format, as AWS writes them: one line of space-separated
 * values in the format's field order, `-` where a field does not apply, and NODATA / SKIPDATA
 * records with only the interface, time and status fields set. Values are drawn with
 * fast-check; string fields sometimes hold decoys ("REJECT", "SKIPDATA", "22") so that a
 * pattern that looked at the wrong position would be caught.
 */
import fc from "fast-check";
import { ALL_FLOW_LOG_FIELDS, FLOW_LOG_FIELDS, FlowLogField, RecordFormat } from "../../constructs/records/record-format";

/** A record as field values. */
export type FlowRecord = Partial<Record<FlowLogField, string>>;

/** `n` hex digits (drawn as a number: generating from a regular expression is slow). */
const hex = (n: number) => fc.bigInt({ min: 0n, max: 16n ** BigInt(n) - 1n }).map((v) => v.toString(16).padStart(n, "0"));
/** What a free-text field (ARNs, names, ids) is made of. */
const STRING_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/_.-"];
/** `n` decimal digits. */
const digits = (n: number) => fc.bigInt({ min: 0n, max: 10n ** BigInt(n) - 1n }).map((v) => v.toString().padStart(n, "0"));
const ipv4 = fc.ipV4();
const decoy = fc.constantFrom("REJECT", "SKIPDATA", "NODATA", "ACCEPT", "22", "3389", "6", "-");
const port = fc.oneof(fc.constantFrom(22, 3389, 80, 443, 0), fc.integer({ min: 0, max: 65535 })).map(String);

/** Fields a NODATA or SKIPDATA record still carries; the rest are `-`. */
const KEPT_WITHOUT_DATA = new Set<FlowLogField>([
  "version",
  "account-id",
  "interface-id",
  "start",
  "end",
  "log-status",
  "vpc-id",
  "subnet-id",
  "instance-id",
  "region",
  "az-id",
]);

function valueOf(field: FlowLogField, version: number): fc.Arbitrary<string> {
  const spec = FLOW_LOG_FIELDS[field];
  switch (field) {
    case "version":
      return fc.constant(String(version));
    case "account-id":
      return digits(12);
    case "interface-id":
      return hex(17).map((h) => `eni-${h}`);
    case "vpc-id":
      return hex(17).map((h) => `vpc-${h}`);
    case "subnet-id":
      return hex(17).map((h) => `subnet-${h}`);
    case "instance-id":
      return fc.oneof(
        hex(17).map((h) => `i-${h}`),
        fc.constant("-"),
      );
    case "srcport":
    case "dstport":
      return port;
    case "protocol":
      return fc.constantFrom("6", "6", "17", "1", "58");
    case "packets":
      return fc.integer({ min: 1, max: 100000 }).map(String);
    case "bytes":
      return fc.integer({ min: 0, max: 2_000_000_000 }).map(String);
    case "start":
    case "end":
      return fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }).map(String);
    case "action":
      return fc.constantFrom("ACCEPT", "REJECT");
    case "log-status":
      return fc.constant("OK");
    case "tcp-flags":
      return fc.constantFrom("0", "1", "2", "3", "18", "19");
    case "region":
      return fc.constantFrom("ap-northeast-1", "us-east-1", "eu-west-1");
    case "az-id":
      return fc.constantFrom("apne1-az1", "use1-az4", "euw1-az2");
    case "traffic-path":
      return fc.oneof(fc.integer({ min: 1, max: 8 }).map(String), fc.constant("-"));
    default:
      break;
  }
  if (spec.kind === "ip") return fc.oneof(ipv4, fc.constant("-"));
  if (spec.kind === "enum") return fc.oneof(fc.constantFrom(...(spec.values ?? ["-"])), fc.constant("-"));
  if (spec.kind === "number") return fc.integer({ min: 0, max: 65535 }).map(String);
  return fc.oneof(fc.string({ unit: fc.constantFrom(...STRING_CHARS), minLength: 1, maxLength: 24 }), decoy);
}

/** An arbitrary record of a format: OK records mostly, NODATA and SKIPDATA some of the time. */
export function recordArb(format: RecordFormat): fc.Arbitrary<FlowRecord> {
  const version = format.recordVersion;
  const ok = fc.record(Object.fromEntries(format.fields.map((f) => [f, valueOf(f, version)])));
  return fc.tuple(fc.constantFrom("OK", "OK", "OK", "OK", "NODATA", "SKIPDATA"), ok).map(([status, rec]) => {
    const out: FlowRecord = { ...rec };
    if (format.has("log-status")) out["log-status"] = status;
    if (status !== "OK") {
      for (const f of format.fields) if (!KEPT_WITHOUT_DATA.has(f)) out[f] = "-";
    }
    return out;
  });
}

/** The record as the line AWS writes. */
export function recordLine(format: RecordFormat, record: FlowRecord): string {
  return format.fields.map((f) => record[f] ?? "-").join(" ");
}

/** An arbitrary custom format containing `required` fields, other fields in random order. */
export function formatArb(required: readonly FlowLogField[]): fc.Arbitrary<RecordFormat> {
  const others = ALL_FLOW_LOG_FIELDS.filter((f) => !required.includes(f));
  return fc.tuple(fc.shuffledSubarray(others), fc.shuffledSubarray([...required], { minLength: required.length })).chain(([extra, req]) =>
    fc.array(fc.nat({ max: extra.length + req.length }), { minLength: req.length, maxLength: req.length }).map((positions) => {
      const fields: FlowLogField[] = [...extra];
      req.forEach((f, i) => fields.splice(Math.min(positions[i], fields.length), 0, f));
      return RecordFormat.custom(fields);
    }),
  );
}
