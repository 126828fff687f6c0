/**
 * Which records and conversations to show. Two kinds of filter, because a verdict must not
 * depend on what is shown:
 * - `--address` (an IPv4 or IPv6 address, or a block: a record whose source or destination, or
 *   the packet's own, `pkt-srcaddr` or `pkt-dstaddr`, is in it) and `--interface` select whole
 *   conversations (every record of one shares its interface and its ends), so records they
 *   leave out are dropped as they are read, before they form conversations;
 * - `--since`, `--until` and `--action` choose what is shown, never what it is judged from: every
 *   record read joins its conversation, a record is shown when its window (`start` to `end`)
 *   overlaps the time given and its action is the one given, and a conversation when its time
 *   (its first window's start to its last one's end) overlaps it and one of its records has
 *   that action. An accepted request whose reply was refused is judged with its reply whatever
 *   `--action REJECT` shows.
 * A record without the field a filter reads does not match it.
 */
import type { ConversationSpan } from "./conversations";
import { parseCidr } from "../../constructs/shared/cidr";
import { asWritten as shown } from "../../constructs/shared/quoted";
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
export function addressTest(spec: string): (address: string) => boolean {
  const [base, bits] = spec.split("/");
  const ip = ipValue(base);
  if (!ip || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (ip.v6 ? 128 : 32)))) {
    throw new Error(`--address ${shown(spec)}: expected an IPv4 or IPv6 address, or a block such as 10.0.0.0/16 or 2001:db8::/32`);
  }
  if (!ip.v6 && bits !== undefined) {
    const c = parseCidr(spec);
    if ("error" in c) throw new Error(`--address ${shown(spec)}: ${c.error}`);
  }
  return (address) => inCidr(address, spec);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time from `--since`/`--until`: epoch seconds, or a date or a date and time (`T` or one
 * space between them; UTC unless it names an offset). A day the calendar does not have
 * (`2026-02-30`) is refused, never read as another.
 */
export function timeOf(flag: string, text: string): number {
  if (/^\d{10}$/.test(text)) return Number(text);
  const m = DATE_TIME.exec(text.trim());
  const expected = "expected a date (2026-11-28), a date and time (2026-11-28T09:30), or epoch seconds";
  if (!m) throw new Error(`${flag} ${shown(text)}: ${expected}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12) throw new Error(`${flag} ${shown(text)}: month ${month} is not a month (1-12)`);
  if (day < 1 || day > days) throw new Error(`${flag} ${shown(text)}: ${year}-${m[2]} has days 1 to ${days}, not ${day}`);
  if (hour > 23 || minute > 59 || second > 59)
    throw new Error(`${flag} ${shown(text)}: ${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ""} is not a time of day`);
  const zone = m[7];
  const offset =
    zone === undefined || zone.toUpperCase() === "Z"
      ? 0
      : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset;
}

/** Which conversations and records are shown (`--since`, `--until`, `--action`): see the module's comment. */
export interface RecordView {
  record(r: FlowRecord): boolean;
  conversation(span: ConversationSpan): boolean;
}

/** The view of `--since`, `--until` and `--action`, or undefined when none is given. */
export function recordView(o: Pick<RecordFilterOptions, "since" | "until" | "action">): RecordView | undefined {
  if (o.since === undefined && o.until === undefined && o.action === undefined) return undefined;
  const record = recordFilter({
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    ...(o.action ? { action: o.action } : {}),
  })!;
  const since = o.since ?? -Infinity;
  const until = o.until ?? Infinity;
  const action = o.action;
  return {
    record,
    conversation: (c) => c.end >= since && c.start <= until && (action === undefined || (action === "ACCEPT" ? c.accepted : c.rejected)),
  };
}

/** The test of a record by `--address` and `--interface`, which select whole conversations; undefined when neither is given. */
export function recordSelector(o: Pick<RecordFilterOptions, "address" | "interfaceId">): ((r: FlowRecord) => boolean) | undefined {
  return o.address === undefined && o.interfaceId === undefined
    ? undefined
    : recordFilter({
        ...(o.address !== undefined ? { address: o.address } : {}),
        ...(o.interfaceId !== undefined ? { interfaceId: o.interfaceId } : {}),
      });
}

/** The test of a record by every filter given, or undefined when nothing narrows. */
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
