/**
 * Which records to explain: narrowed while they stream, before they are explained or form
 * conversations. `--address` (an IPv4 or IPv6 address, or a block) matches a record whose
 * source or destination, or the packet's own (`pkt-srcaddr`, `pkt-dstaddr`), is it; `--interface`
 * the interface; `--since` and `--until` a record whose window (`start` to `end`) overlaps them;
 * `--action` ACCEPT or REJECT. A record without the field a filter reads does not match it.
 */
import { parseCidr } from "../shared/cidr";
import { inCidr, ipValue } from "./network-rules";
import { FlowRecord, numberOf, textOf } from "./record";

/** What to keep; each given part must match. */
export interface RecordFilterOptions {
  readonly address?: string;
  readonly interfaceId?: string;
  /** Epoch seconds. */
  readonly since?: number;
  readonly until?: number;
  readonly action?: "ACCEPT" | "REJECT";
}

/** An address test from `--address`: one address or a block, IPv4 or IPv6 (compared as numbers, so any spelling of an IPv6 address). */
function addressTest(spec: string): (address: string) => boolean {
  const [base, bits] = spec.split("/");
  const ip = ipValue(base);
  if (!ip || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (ip.v6 ? 128 : 32)))) {
    throw new Error(`--address ${spec}: expected an IPv4 or IPv6 address, or a block such as 10.0.0.0/16 or 2001:db8::/32`);
  }
  if (!ip.v6 && bits !== undefined) {
    const c = parseCidr(spec);
    if ("error" in c) throw new Error(`--address ${spec}: ${c.error}`);
  }
  return (address) => inCidr(address, spec);
}

/** A time from `--since`/`--until`: epoch seconds, or a date or date-time (UTC unless it says). */
export function timeOf(flag: string, text: string): number {
  if (/^\d{10}$/.test(text)) return Number(text);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(ms))
    throw new Error(`${flag} ${text}: expected a date (2026-11-28), a date and time (2026-11-28T09:30), or epoch seconds`);
  return Math.floor(ms / 1000);
}

/** The test of a record, or undefined when nothing narrows. */
export function recordFilter(o: RecordFilterOptions): ((r: FlowRecord) => boolean) | undefined {
  const tests: ((r: FlowRecord) => boolean)[] = [];
  if (o.address !== undefined) {
    const matches = addressTest(o.address);
    tests.push((r) =>
      (["srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"] as const).some((f) => {
        const a = textOf(r, f);
        return a !== undefined && matches(a);
      }),
    );
  }
  if (o.interfaceId !== undefined) tests.push((r) => textOf(r, "interface-id") === o.interfaceId);
  if (o.since !== undefined) {
    const since = o.since;
    tests.push((r) => (numberOf(r, "end") ?? numberOf(r, "start") ?? -Infinity) >= since);
  }
  if (o.until !== undefined) {
    const until = o.until;
    tests.push((r) => (numberOf(r, "start") ?? numberOf(r, "end") ?? Infinity) <= until);
  }
  if (o.action !== undefined) tests.push((r) => textOf(r, "action") === o.action);
  return tests.length === 0 ? undefined : (r) => tests.every((t) => t(r));
}
