/**
 * Transit gateway records explained: what each says (the attachments, VPCs, subnets and
 * accounts on either side, the packets and bytes, the direction) and, when the gateway dropped
 * packets, why and what to check. Losses are also counted by attachment pair and cause for a
 * summary. A transit gateway record has no interface and no action, so it joins no
 * conversation: the gateway's four loss counters say what refused it, not a security layer.
 */
import {
  LOSS_CAUSES,
  LOSS_FIELDS,
  TRANSIT_GATEWAY_FIELDS,
  TransitGatewayFormat,
  type LossCause,
  type TransitGatewayField,
} from "../../constructs/records/transit-gateway-format";
import { BoundedTally } from "../../constructs/shared/bounded-tally";
import { detached } from "../../constructs/shared/detached";
import { quoted } from "../../constructs/shared/quoted";
import { PROTOCOLS, serverPortOf, SERVICES } from "../../constructs/records/vocabulary";
import { RecordProblem } from "./record";
import { hostPort, type Language } from "./sentences";
import { TRANSIT_GATEWAY_SENTENCES as WORDS } from "./transit-gateway-words";

/** One side of a transit gateway record: where the traffic came from or went to. */
export interface TransitGatewaySide {
  readonly attachment?: string;
  readonly vpc?: string;
  readonly subnet?: string;
  readonly account?: string;
  readonly availabilityZone?: string;
  readonly address?: string;
  readonly port?: number;
}

/** Packets the gateway dropped in a record, for one cause. */
export interface TransitGatewayLoss {
  readonly cause: LossCause;
  readonly packets: number;
}

/** A transit gateway record explained. */
export interface ExplainedTransitGatewayRecord {
  readonly kind: "transit-gateway-record";
  readonly line: number;
  readonly source?: string;
  readonly event?: string;
  /** Each field's text as read (`-` as null in JSON). */
  readonly fields: Readonly<Partial<Record<TransitGatewayField, string | number | null>>>;
  readonly logStatus: string;
  readonly transitGateway?: string;
  /** Where the flow log is: `TransitGateway` or `TransitGatewayAttachment`. */
  readonly resourceType?: string;
  /** The attachment the record was captured at, and the direction there. */
  readonly attachment?: string;
  readonly direction?: "ingress" | "egress";
  readonly from: TransitGatewaySide;
  readonly to: TransitGatewaySide;
  readonly protocol?: string;
  readonly service?: string;
  readonly packets?: number;
  readonly bytes?: number;
  readonly start?: number;
  readonly end?: number;
  /** Packets dropped, by cause (none when the gateway dropped nothing or the format has no counter). */
  readonly losses: readonly TransitGatewayLoss[];
  readonly sentence: string;
  /** What each loss means and what to check. */
  readonly notes: readonly string[];
}

/** Whether a field holds numbers (read as numbers, `-` as none). */
const NUMERIC = new Set(
  Object.entries(TRANSIT_GATEWAY_FIELDS)
    .filter(([, s]) => s.kind === "number")
    .map(([f]) => f),
);

/** Each format's position of each of its fields, computed once per format. */
const positions = new WeakMap<TransitGatewayFormat, ReadonlyMap<TransitGatewayField, number>>();
function positionsOf(format: TransitGatewayFormat): ReadonlyMap<TransitGatewayField, number> {
  let p = positions.get(format);
  if (!p) positions.set(format, (p = new Map(format.fields.map((f, i) => [f, i]))));
  return p;
}

/** A line's values, as a record reads them. */
const valuesOf = (line: string): string[] => line.trim().split(/\s+/);

/** A transit gateway record read from its line: each field's text, `-` as undefined. */
export class TransitGatewayRecord {
  private readonly at: ReadonlyMap<TransitGatewayField, number>;
  private cachedLosses?: TransitGatewayLoss[];
  private cachedSides?: { from: TransitGatewaySide; to: TransitGatewaySide; direction?: "ingress" | "egress" };

  private constructor(
    readonly format: TransitGatewayFormat,
    private readonly values: readonly string[],
  ) {
    this.at = positionsOf(format);
  }

  /**
   * Reads a line (or its values, already split) in `format`; throws a RecordProblem for a line
   * that is not one of its records.
   */
  static parse(line: string | readonly string[], format: TransitGatewayFormat): TransitGatewayRecord {
    const values = typeof line === "string" ? valuesOf(line) : line;
    if (values.length !== format.fields.length)
      throw new RecordProblem(
        `${values.length} fields where the transit gateway format has ${format.fields.length} (${format.fields.join(" ")})`,
      );
    format.fields.forEach((f, i) => {
      const v = values[i];
      if (NUMERIC.has(f) && v !== "-" && !/^\d{1,15}$/.test(v)) throw new RecordProblem(`${f} = ${quoted(v)}: expected a number or -`);
    });
    return new TransitGatewayRecord(format, values);
  }

  text(field: TransitGatewayField): string | undefined {
    const i = this.at.get(field);
    const v = i === undefined ? undefined : this.values[i];
    return v === "-" ? undefined : v;
  }

  number(field: TransitGatewayField): number | undefined {
    const v = this.text(field);
    return v === undefined ? undefined : Number(v);
  }

  /** The fields as JSON gives them: numbers as numbers, `-` as null. */
  get fields(): Partial<Record<TransitGatewayField, string | number | null>> {
    const out: Partial<Record<TransitGatewayField, string | number | null>> = {};
    this.format.fields.forEach((f, i) => {
      const v = this.values[i];
      out[f] = v === "-" ? null : NUMERIC.has(f) ? Number(v) : v;
    });
    return out;
  }

  /** Packets dropped, by cause, in AWS's order of the counters (read once: the explainer, the summary and the report ask). */
  get losses(): readonly TransitGatewayLoss[] {
    return (this.cachedLosses ??= LOSS_CAUSES.flatMap((cause) => {
      const packets = this.number(LOSS_FIELDS[cause]) ?? 0;
      return packets > 0 ? [{ cause, packets }] : [];
    }));
  }

  /**
   * The two sides. At an attachment, ingress traffic came in from it and leaves by the pair
   * attachment; egress traffic came in by the pair and leaves by it.
   */
  get sides(): { from: TransitGatewaySide; to: TransitGatewaySide; direction?: "ingress" | "egress" } {
    return (this.cachedSides ??= this.readSides());
  }

  private readSides(): { from: TransitGatewaySide; to: TransitGatewaySide; direction?: "ingress" | "egress" } {
    const direction = this.text("flow-direction");
    const here = this.text("tgw-attachment-id");
    const pair = this.text("tgw-pair-attachment-id");
    const side = (end: "src" | "dst", attachment: string | undefined): TransitGatewaySide => {
      const port = this.number(end === "src" ? "srcport" : "dstport");
      return clean({
        attachment,
        vpc: this.text(`tgw-${end}-vpc-id`),
        subnet: this.text(`tgw-${end}-subnet-id`),
        account: this.text(`tgw-${end}-vpc-account-id`),
        availabilityZone: this.text(`tgw-${end}-az-id`),
        address: this.text(end === "src" ? "srcaddr" : "dstaddr"),
        port,
      });
    };
    if (direction === "ingress") return { from: side("src", here), to: side("dst", pair), direction };
    if (direction === "egress") return { from: side("src", pair), to: side("dst", here), direction };
    return { from: side("src", undefined), to: side("dst", undefined) };
  }
}

/** What names a side in a tally of pairs: its attachment, else its VPC, else its address. */
export function sideName(side: TransitGatewaySide): string {
  return side.attachment ?? side.vpc ?? side.address ?? "-";
}

/** An object without its undefined values (JSON leaves them out; a test compares it whole). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The values of a line that is not a record of the VPC's format, when it is one of `format`'s:
 * as many values, and its resource type one a transit gateway writes (a format without that
 * field is never guessed); else undefined.
 */
export function transitGatewayValues(line: string, format: TransitGatewayFormat): string[] | undefined {
  const at = positionsOf(format).get("resource-type");
  if (at === undefined) return undefined;
  const values = valuesOf(line);
  return values.length === format.fields.length && (values[at] === "TransitGateway" || values[at] === "TransitGatewayAttachment")
    ? values
    : undefined;
}

/**
 * Which transit gateway records a filter keeps: an address at either end, an attachment on
 * either side for `--interface` (an attachment is where a gateway meets a network), a window
 * that meets the times, and for `--action` REJECT the records with dropped packets (ACCEPT: without).
 */
export function transitGatewayFilter(o: {
  readonly address?: (address: string) => boolean;
  readonly interfaceId?: string;
  readonly since?: number;
  readonly until?: number;
  readonly action?: "ACCEPT" | "REJECT";
}): ((r: TransitGatewayRecord) => boolean) | undefined {
  const tests: ((r: TransitGatewayRecord) => boolean)[] = [];
  const { address, interfaceId, since, until, action } = o;
  if (address) tests.push((r) => [r.text("srcaddr"), r.text("dstaddr")].some((a) => a !== undefined && address(a)));
  if (interfaceId !== undefined)
    tests.push((r) => r.text("tgw-attachment-id") === interfaceId || r.text("tgw-pair-attachment-id") === interfaceId);
  if (since !== undefined) tests.push((r) => (r.number("end") ?? r.number("start") ?? Infinity) >= since);
  if (until !== undefined) tests.push((r) => (r.number("start") ?? -Infinity) <= until);
  if (action !== undefined) tests.push((r) => r.losses.length > 0 === (action === "REJECT"));
  return tests.length === 0 ? undefined : (r) => tests.every((t) => t(r));
}

/** Explains a transit gateway record; `time` writes its window as the explainer writes every time. */
export function explainTransitGatewayRecord(
  record: TransitGatewayRecord,
  where: { line: number; source?: string; event?: string },
  language: Language,
  time: (start: number | undefined, end: number | undefined) => string,
): ExplainedTransitGatewayRecord {
  const w = WORDS[language];
  // Counts as the VPC's records write them: digits as read.
  const n = (x: number | undefined) => (x === undefined ? "?" : String(x));
  const logStatus = record.text("log-status") ?? "OK";
  const start = record.number("start");
  const end = record.number("end");
  const { from, to, direction } = record.sides;
  const here = record.text("tgw-attachment-id") ?? record.text("tgw-id") ?? record.text("resource-type") ?? "transit gateway";
  const protocolNumber = record.number("protocol");
  const protocol = protocolNumber === undefined ? undefined : (PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`);
  const port = protocolNumber === 6 || protocolNumber === 17 ? serverPortOf(from.port, to.port) : undefined;
  const service = port !== undefined ? SERVICES[port] : undefined;
  const address = (s: TransitGatewaySide) => {
    const text = s.address === undefined ? "?" : s.port !== undefined && s.port > 0 ? hostPort(s.address, String(s.port)) : s.address;
    return service && s.port === port ? `${text} (${service})` : text;
  };
  const losses = record.losses;
  const timeText = time(start, end);
  const sentence =
    logStatus === "NODATA"
      ? w.noData({ time: timeText, where: here })
      : logStatus === "SKIPDATA"
        ? w.skipData({ time: timeText, where: here })
        : w.record({
            time: timeText,
            where: here,
            direction,
            from: w.side(from, address(from)),
            to: w.side(to, address(to)),
            protocol,
            packets: n(record.number("packets")),
            bytes: n(record.number("bytes")),
          });
  const source = from.attachment ?? (direction === undefined ? record.text("tgw-attachment-id") : undefined) ?? w.unnamed;
  const notes = losses.map((l) => w.loss[l.cause]({ packets: n(l.packets), source, destination: to.address ?? "?" }));
  return clean({
    kind: "transit-gateway-record" as const,
    line: where.line,
    source: where.source,
    event: where.event,
    fields: record.fields,
    logStatus,
    transitGateway: record.text("tgw-id"),
    resourceType: record.text("resource-type"),
    attachment: record.text("tgw-attachment-id"),
    direction,
    from,
    to,
    protocol,
    service,
    packets: record.number("packets"),
    bytes: record.number("bytes"),
    start,
    end,
    losses,
    sentence,
    notes,
  });
}

/** The losses of one attachment pair and cause. */
export interface LossGroup {
  /** Where the traffic entered the gateway, and where it was to leave (as the records name them). */
  readonly from: string;
  readonly to: string;
  readonly fromVpc?: string;
  readonly toVpc?: string;
  readonly cause: LossCause;
  packets: number;
  records: number;
  first: number;
  last: number;
}

/** How many loss groups a summary keeps when there are more (see BoundedTally). */
const LOSS_GROUPS_KEPT = 10_000;
/** How many loss groups a summary shows. */
export const LOSS_GROUPS_SHOWN = 20;

/** Counts the packets a transit gateway dropped, by attachment pair and cause, as records are read. */
export class TransitGatewayLosses {
  private readonly groups = new BoundedTally<LossGroup>(LOSS_GROUPS_KEPT, (g) => g.packets);
  /** Transit gateway records read. */
  records = 0;

  add(record: TransitGatewayRecord): void {
    this.records++;
    const losses = record.losses;
    if (losses.length === 0) return;
    const { from, to } = record.sides;
    const fromName = sideName(from);
    const toName = sideName(to);
    const start = record.number("start") ?? 0;
    const end = record.number("end") ?? start;
    for (const l of losses) {
      const g = this.groups.entry(`${fromName} ${toName} ${l.cause}`, () => ({
        from: detached(fromName),
        to: detached(toName),
        ...(from.vpc ? { fromVpc: detached(from.vpc) } : {}),
        ...(to.vpc ? { toVpc: detached(to.vpc) } : {}),
        cause: l.cause,
        packets: 0,
        records: 0,
        first: start,
        last: end,
      }));
      g.packets += l.packets;
      g.records++;
      g.first = Math.min(g.first, start);
      g.last = Math.max(g.last, end);
    }
  }

  /** The groups, most packets first, then by pair and cause (a stable order). */
  ranked(): LossGroup[] {
    return [...this.groups.values()].sort(
      (a, b) =>
        b.packets - a.packets ||
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to) ||
        LOSS_CAUSES.indexOf(a.cause) - LOSS_CAUSES.indexOf(b.cause),
    );
  }

  /** The ranking as a summary's lines (none when no transit gateway record was read). */
  text(language: Language, time: (start: number, end: number) => string): string[] {
    const ranked = this.ranked().slice(0, LOSS_GROUPS_SHOWN);
    const w = WORDS[language];
    if (ranked.length === 0) return this.records > 0 ? [w.noLosses] : [];
    const n = (x: number) => x.toLocaleString(language === "ja" ? "ja-JP" : "en-US");
    const name = (attachment: string, vpc?: string) => (vpc && vpc !== attachment ? `${attachment} (${vpc})` : attachment);
    return [
      w.lossesTitle,
      ...ranked.map(
        (g, i) =>
          `  ${w.lossGroup({
            rank: i + 1,
            from: name(g.from, g.fromVpc),
            to: name(g.to, g.toVpc),
            cause: g.cause,
            packets: n(g.packets),
            records: n(g.records),
            time: time(g.first, g.last),
          })}`,
      ),
    ];
  }
}
