/**
 * The conversations records form: records of one interface and one 5-tuple, either way, in
 * overlapping windows. Each is kept while a record can still join it and then judged: which
 * side is the request, which way it went, and the verdict, from the records and, given, the
 * rules. A verdict says only what they allow: a request rejected on the way in with no reply
 * may be either layer's doing, and says so; an accepted request whose reply is rejected is
 * put on the network ACL, because security groups are stateful (with the one exception named there).
 * Flags are judged over both sides, so nothing the explanation of one record says contradicts its verdict.
 * Ends are the packets' own addresses where the format has them (`pkt-*`): on a NAT gateway's
 * interface the server is the real peer, not the gateway. A rejected record whose format has no
 * `reject-reason` cannot rule out VPC Block Public Access when the peer's address is public
 * and nothing from the peer was accepted on the way in (both of its modes block that): the
 * verdict keeps it among the layers that may have refused it.
 */
import type { RecordFormat } from "../../constructs/records/record-format";
import { detached } from "../../constructs/shared/detached";
import { F, type FlowRecord } from "./record";
import type { Direction, Endpoint, RefusalJudge } from "./question";
import { plainAscii } from "./marked-text";
import type { ConversationWords, Layer, Sentences, VerdictCode } from "./sentences";
import { ConversationExplanation, firstLines, LINES_KEPT, type ExplainedConversation } from "./explained-conversation";
import { tupleHash } from "./tuple-hash";
import { CONVERSATION_GAP_SECONDS, FACT_BIT, judgeSides, VERDICT_LAYERS, type RecordsVerdict } from "../../constructs/records/verdicts";
import { isPrivateAddress, isServicePort, isSynAck, isSynOnly, PROTOCOLS, SERVICES, TCP_FLAGS } from "../../constructs/records/vocabulary";

/** One direction of a conversation. */
interface Side {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly lines: number[];
  records: number;
  packets: number;
  bytes: number;
  /** The actions of its records, as {@link ACTION} bits. */
  actions: number;
  /** A rejected record's reason was BPA (VPC Block Public Access). */
  blockedByBpa: boolean;
  /** A rejected record's format had no reject-reason: Block Public Access cannot be ruled out. */
  reasonUnknown: boolean;
  /** Its records' TCP flags, OR-ed (0 where none were recorded: no flag check holds then). */
  flags: number;
  start: number;
  ingress: boolean;
  egress: boolean;
}

/**
 * An open conversation, kept for minutes: one object, its strings, and both sides' tallies in one
 * array (`tally`, by {@link SIDE}), so that what outlives the young generation is small;
 * {@link Side} views are made only to judge it.
 */
interface Conversation {
  /** The hash of its 5-tuple and interface ({@link tupleHash}), and the next open conversation with the same hash. */
  readonly hash: number;
  next: Conversation | undefined;
  /** The end it is queued under for settling (its end when queued; it may have grown since). */
  due: number;
  end: number;
  readonly interfaceId: string;
  readonly protocol: number;
  /** Whether its record's text was printable ASCII (it may be written with marks). */
  readonly ascii: boolean;
  /** Its ends: the lower (by address, then port), and the other. */
  readonly lowAddress: string;
  readonly lowPort: number;
  readonly highAddress: string;
  readonly highPort: number;
  /** Each side's further lines in order, up to {@link LINES_KEPT} in all: the lower end's as they are, the other's negated (most sides have one record: no array). */
  more: number[] | undefined;
  /** Both sides' tallies, the lower end's side at 0 and the other's at {@link SIDE}.length: see {@link SIDE}. */
  readonly tally: number[];
}

/**
 * Where a side's tally is in a conversation's `tally`, from the side's offset: records (0: no such
 * side), packets, bytes, actions ({@link ACTION} bits), TCP flags, first start,
 * {@link WAY} bits, and its first line.
 */
const SIDE = { records: 0, packets: 1, bytes: 2, actions: 3, flags: 4, start: 5, ways: 6, line: 7, length: 8 } as const;

/** Which ways a side's records crossed the interface, as bits. */
const WAY = { ingress: 1, egress: 2 } as const;

/** Actions as bits, so that a side's set of them is a number. */
const ACTION = { ACCEPT: 1, REJECT: 2, other: 4 } as const;
/** Beside the actions: a rejected record's reason was BPA (VPC Block Public Access). */
const BPA = 8;
/** Beside the actions: a rejected record's format had no reject-reason. */
const REASON_UNKNOWN = 16;
/** The action bits alone. */
const ACTIONS = ACTION.ACCEPT | ACTION.REJECT | ACTION.other;
const actionBit = (action: string) => (action === "ACCEPT" ? ACTION.ACCEPT : action === "REJECT" ? ACTION.REJECT : ACTION.other);

/** A side whose windows opened a connection (SYN, no ACK). */
const synSide = (s: Side) => isSynOnly(s.flags);
/** A side whose windows answered an opening (SYN-ACK). */
const synAckSide = (s: Side) => isSynAck(s.flags);
/** A side sent from a service port to an ephemeral one: a reply, by its ports. */
const sentFromService = (s: Side) => isServicePort(s.from.port) && !isServicePort(s.to.port);

/** A side's facts as the declared judgment reads them (records/verdicts.ts), beside the other side. */
function factsOf(s: Side | undefined, other: Side | undefined): number {
  if (s === undefined) return 0;
  const accepted = (s.actions & ACTION.ACCEPT) !== 0;
  const rejected = (s.actions & ACTION.REJECT) !== 0;
  let facts = FACT_BIT.present;
  if (accepted && !rejected) facts |= FACT_BIT.acceptedOnly;
  if (rejected && !accepted) facts |= FACT_BIT.rejectedOnly;
  if ((s.actions & (s.actions - 1)) !== 0) facts |= FACT_BIT.mixedActions;
  if (s.blockedByBpa) facts |= FACT_BIT.blockedByBpa;
  if ((s.flags & TCP_FLAGS.RST) !== 0 && (s.flags & TCP_FLAGS.SYN) === 0) facts |= FACT_BIT.resets;
  if (s.ingress) facts |= FACT_BIT.ingress;
  if (s.egress) facts |= FACT_BIT.egress;
  if (synSide(s)) facts |= FACT_BIT.opens;
  if (synAckSide(s)) facts |= FACT_BIT.answersOpening;
  if (sentFromService(s)) facts |= FACT_BIT.fromService;
  if (other !== undefined && s.start < other.start) facts |= FACT_BIT.startsFirst;
  if (other !== undefined && s.to.port <= other.to.port) facts |= FACT_BIT.toLowerPort;
  return facts;
}

/** The layers a verdict leaves open (none for a verdict of the rules': they give their own). */
export function layersOf(verdict: VerdictCode, bpaPossible: boolean): readonly Layer[] {
  const layers = VERDICT_LAYERS[verdict as RecordsVerdict] as (typeof VERDICT_LAYERS)[RecordsVerdict] | undefined;
  return layers ? layers[bpaPossible ? 1 : 0] : VERDICT_LAYERS.CONNECTED[0];
}

/** Seconds after a conversation's last window before it is judged: no record can join it after its gap (records/verdicts.ts). */
export const SETTLE_SECONDS = CONVERSATION_GAP_SECONDS;

/** A conversation's time and actions, for a view. */
function spanOf(c: Conversation): ConversationSpan {
  const t = c.tally;
  const low = t[SIDE.records] > 0;
  const high = t[SIDE.length + SIDE.records] > 0;
  const start = low && high ? Math.min(t[SIDE.start], t[SIDE.length + SIDE.start]) : low ? t[SIDE.start] : t[SIDE.length + SIDE.start];
  const actions = t[SIDE.actions] | t[SIDE.length + SIDE.actions];
  return { start, end: c.end, accepted: (actions & ACTION.ACCEPT) !== 0, rejected: (actions & ACTION.REJECT) !== 0 };
}

/** A conversation's sides as the judging reads them (made when it is judged): the one from the lower end, and the other, each where it has records. */
function sidesOf(c: Conversation): { low: Side | undefined; high: Side | undefined } {
  const low: Endpoint = { address: c.lowAddress, port: c.lowPort };
  const high: Endpoint = { address: c.highAddress, port: c.highPort };
  return {
    low: c.tally[SIDE.records] > 0 ? side(low, high, c, true) : undefined,
    high: c.tally[SIDE.length + SIDE.records] > 0 ? side(high, low, c, false) : undefined,
  };
}

/** A side's lines: its first, then its further ones (kept negated for the side from the higher end). */
function linesOf(first: number, more: readonly number[] | undefined, forward: boolean): number[] {
  const lines = [first];
  if (more) for (const l of more) if (l > 0 === forward) lines.push(Math.abs(l));
  return lines;
}

function side(from: Endpoint, to: Endpoint, c: Conversation, forward: boolean): Side {
  const t = c.tally;
  const o = forward ? 0 : SIDE.length;
  const actions = t[o + SIDE.actions];
  const flags = t[o + SIDE.flags];
  const ways = t[o + SIDE.ways];
  return {
    from,
    to,
    lines: linesOf(t[o + SIDE.line], c.more, forward),
    records: t[o + SIDE.records],
    packets: t[o + SIDE.packets],
    bytes: t[o + SIDE.bytes],
    actions: actions & ACTIONS,
    blockedByBpa: (actions & BPA) !== 0,
    reasonUnknown: (actions & REASON_UNKNOWN) !== 0,
    flags,
    start: t[o + SIDE.start],
    ingress: (ways & WAY.ingress) !== 0,
    egress: (ways & WAY.egress) !== 0,
  };
}

/** What a view of the conversations (`--since`, `--until`, `--action`) reads of one: its time and its records' actions. */
export interface ConversationSpan {
  /** The first window's start and the last window's end, epoch seconds. */
  readonly start: number;
  readonly end: number;
  readonly accepted: boolean;
  readonly rejected: boolean;
}

/**
 * Open conversations, judged as they close. Besides the map by key, a queue by the minute of
 * the end each was queued under finds those that may close without visiting every open one;
 * one whose end grew since is queued again under its new end.
 */
export class Conversations {
  /** Open conversations by {@link tupleHash}: the first with that hash, the others chained through `next`. */
  private readonly open = new Map<number, Conversation>();
  /** Open conversations by the minute of the end each was queued under, each minute's in the order queued. */
  private readonly queue = new Map<number, Conversation[]>();
  /** Conversations judged and shown so far. */
  judged = 0;
  /** Records that could form no conversation (no interface, addresses, protocol or action), and the format of the first. */
  unjudged = 0;
  unjudgedFormat: RecordFormat | undefined;

  constructor(
    private readonly words: Sentences,
    private readonly rules?: RefusalJudge,
    /** English with marks (marked-text.ts), when the explainer speaks English with ASCII times. */
    private readonly marked?: Sentences,
    /** Which conversations are shown; all are judged from every record read, whether shown or not. */
    private readonly show?: (span: ConversationSpan) => boolean,
  ) {}

  /** How many conversations are open, able to take records still: what is held in memory until they are judged. */
  get openCount(): number {
    let n = 0;
    for (const first of this.open.values()) for (let c: Conversation | undefined = first; c; c = c.next) n++;
    return n;
  }

  /** Adds a record (its status OK) to its conversation, with its direction as seen from the interface. */
  add(r: FlowRecord, direction: Direction, line: number): void {
    const interfaceId = r.textAt(F["interface-id"]);
    const protocol = r.numberAt(F["protocol"]);
    const src = r.textAt(F["pkt-srcaddr"]) ?? r.textAt(F["srcaddr"]);
    const dst = r.textAt(F["pkt-dstaddr"]) ?? r.textAt(F["dstaddr"]);
    const action = r.textAt(F["action"]);
    if (!interfaceId || protocol === undefined || !src || !dst || !action) {
      this.unjudged++;
      this.unjudgedFormat ??= r.format;
      return;
    }
    const srcPort = r.numberAt(F["srcport"]) ?? 0;
    const dstPort = r.numberAt(F["dstport"]) ?? 0;
    // One hash for both directions: the lower end first.
    const forward = src < dst || (src === dst && srcPort <= dstPort);
    const hash = forward
      ? tupleHash(interfaceId, protocol, src, srcPort, dst, dstPort)
      : tupleHash(interfaceId, protocol, dst, dstPort, src, srcPort);
    const start = r.numberAt(F["start"]) ?? 0;
    const end = r.numberAt(F["end"]) ?? start;
    let first = this.open.get(hash);
    let conv = first;
    const lowAddress = forward ? src : dst;
    const lowPort = forward ? srcPort : dstPort;
    const highAddress = forward ? dst : src;
    const highPort = forward ? dstPort : srcPort;
    while (
      conv !== undefined &&
      !(
        conv.protocol === protocol &&
        conv.lowPort === lowPort &&
        conv.highPort === highPort &&
        conv.lowAddress === lowAddress &&
        conv.highAddress === highAddress &&
        conv.interfaceId === interfaceId
      )
    )
      conv = conv.next;
    if (conv !== undefined && start > conv.end + SETTLE_SECONDS) {
      // Past the gap that bounds a conversation: that one is over (it is judged when the records'
      // time passes it, as every conversation is), and this record begins the next, whatever
      // other interfaces' records came between.
      this.close(conv);
      conv = undefined;
      first = this.open.get(hash);
    }
    if (!conv) {
      // Kept for minutes: strings of their own, not slices of the chunk they were read in.
      conv = {
        hash,
        next: first,
        due: end,
        end,
        interfaceId: detached(interfaceId),
        protocol,
        ascii: r.ascii,
        lowAddress: detached(lowAddress),
        lowPort,
        highAddress: detached(highAddress),
        highPort,
        more: undefined,
        // Both sides before their first record, each as SIDE lays it out (a literal is made fastest).
        tally: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      };
      this.open.set(hash, conv);
      this.enqueue(conv);
    } else conv.end = Math.max(conv.end, end);
    const packets = r.numberAt(F["packets"]) ?? 0;
    const bytes = r.numberAt(F["bytes"]) ?? 0;
    const actions =
      action === "REJECT"
        ? ACTION.REJECT | (r.textAt(F["reject-reason"]) === "BPA" ? BPA : r.hasAt(F["reject-reason"]) ? 0 : REASON_UNKNOWN)
        : actionBit(action);
    const flags = r.numberAt(F["tcp-flags"]);
    const way = direction === "inbound" ? WAY.ingress : direction === "outbound" ? WAY.egress : 0;
    const t = conv.tally;
    const o = forward ? 0 : SIDE.length;
    const records = t[o + SIDE.records];
    if (records === 0) {
      t[o + SIDE.line] = line;
      t[o + SIDE.start] = start;
    } else {
      if (records < LINES_KEPT) (conv.more ??= []).push(forward ? line : -line);
      t[o + SIDE.start] = Math.min(t[o + SIDE.start], start);
    }
    t[o + SIDE.records] = records + 1;
    t[o + SIDE.packets] += packets;
    t[o + SIDE.bytes] += bytes;
    t[o + SIDE.actions] |= actions;
    t[o + SIDE.flags] |= flags ?? 0;
    t[o + SIDE.ways] |= way;
  }

  /** Judges the conversations whose last window ended before `before` (seconds), onto `out`. */
  settle(until: number, out: ExplainedConversation[] | { push(c: ExplainedConversation): unknown }): void {
    const last = Math.floor(until / 60);
    // Stryker disable next-line ConditionalExpression: the filter only skips minutes whose conversations the loop would keep
    const minutes = [...this.queue.keys()].filter((m) => m <= last).sort((x, y) => x - y);
    for (const minute of minutes) {
      const bucket = this.queue.get(minute)!;
      const kept: Conversation[] = [];
      for (const conv of bucket) {
        if (conv.due >= until) kept.push(conv);
        else if (conv.end >= until) {
          // It grew since it was queued: queue it again under its end.
          conv.due = conv.end;
          this.enqueue(conv);
        } else {
          this.close(conv);
          // Explained only when shown: the view chooses what is shown, never what is judged.
          if (!this.show || this.show(spanOf(conv))) {
            this.judged++;
            out.push(this.judge(conv));
          }
        }
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty minute kept would cost only memory, a key per minute
      if (kept.length > 0) this.queue.set(minute, kept);
      else this.queue.delete(minute);
    }
  }

  /** Takes a conversation out of the open ones (out of its hash's chain). */
  private close(c: Conversation): void {
    const first = this.open.get(c.hash);
    if (first === c) {
      if (c.next) this.open.set(c.hash, c.next);
      else this.open.delete(c.hash);
      return;
    }
    for (let at = first; at; at = at.next) {
      if (at.next === c) {
        at.next = c.next;
        return;
      }
    }
  }

  private enqueue(c: Conversation): void {
    const minute = Math.floor(c.due / 60);
    const bucket = this.queue.get(minute);
    if (bucket) bucket.push(c);
    else this.queue.set(minute, [c]);
  }

  private judge(conv: Conversation): ExplainedConversation {
    const { low, high } = sidesOf(conv);
    // The sides that have records, the lower end's first.
    const sides = low && high ? [low, high] : [(low ?? high)!];
    const judged = judgeSides(factsOf(low, high), factsOf(high, low));
    const request = judged.request === "low" ? low : judged.request === "high" ? high : undefined;
    const { direction } = judged;
    let verdict: VerdictCode = judged.verdict;
    // With no request, the one side there is, a reply: its ends turned round are the request's.
    const client = request ? request.from : sides[0].to;
    const server = request ? request.to : sides[0].from;
    const protocol = PROTOCOLS[conv.protocol] ?? `protocol ${conv.protocol}`;
    const service = SERVICES[server.port] ?? (server.port > 0 ? String(server.port) : protocol);
    const w = this.words;
    const hasPorts = client.port > 0 || server.port > 0;
    const portless = conv.protocol === 1 || conv.protocol === 58;
    // Block Public Access stays open where a rejected record could not rule it out and the peer is on the internet.
    // Block Public Access blocks inbound internet traffic in either of its modes (and outbound in
    // one): a packet from the peer accepted on the way in rules it out for the whole conversation.
    const bpaPossible =
      sides.some((s) => s.reasonUnknown) &&
      !sides.some((s) => s.ingress && (s.actions & ACTION.ACCEPT) !== 0) &&
      (direction === "inbound"
        ? !isPrivateAddress(client.address)
        : direction === "outbound"
          ? !isPrivateAddress(server.address)
          : !isPrivateAddress(client.address) || !isPrivateAddress(server.address));
    let layers = layersOf(verdict, bpaPossible);
    let basis: "records" | "rules" = "records";
    let detail: string | undefined;
    // The client's SYN with no reply at all: not established, judged from both sides (there is none).
    const unanswered = verdict === "REPLY_NOT_SEEN" && synSide(request!);
    const ruled = this.rules?.judge(
      { interfaceId: conv.interfaceId, protocol: conv.protocol, client, server, direction, verdict, layers, bpaPossible },
      w,
    );
    if (ruled) {
      verdict = ruled.verdict;
      layers = ruled.layers;
      detail = ruled.detail;
      basis = "rules";
    }
    // One literal of one shape for every conversation (a spread would make shapes per case).
    const words: ConversationWords & { detail?: string } = {
      client: w.endpoint(client.address, hasPorts ? String(client.port) : ""),
      clientAddress: client.address,
      server: w.endpoint(server.address, hasPorts ? String(server.port) : ""),
      service,
      protocol,
      serverPort: String(server.port),
      interfaceId: conv.interfaceId,
      portless,
      protocolNumber: conv.protocol,
      layers,
      bpaPossible: layers.includes("block-public-access"),
      tracking: basis === "rules" ? this.rules?.tracking?.(conv.interfaceId) : undefined,
      detail,
    };
    // Written with marks when everything in it is ASCII: the ends, and the rules' words if any.
    const marked = conv.ascii && (detail === undefined || plainAscii(detail)) ? this.marked : undefined;
    const fast = marked !== undefined;
    const say = marked ?? w;
    const text = say.verdict[verdict](words) + (unanswered ? ` ${say.synWithoutSynAck}` : "");
    const [a, b] = sides;
    return new ConversationExplanation(
      conv.interfaceId,
      protocol,
      client,
      server,
      service,
      direction,
      verdict,
      layers,
      basis,
      text,
      fast,
      b ? firstLines(a.lines, b.lines) : a.lines,
      a.records + (b?.records ?? 0),
      a.packets + (b?.packets ?? 0),
      a.bytes + (b?.bytes ?? 0),
      b ? Math.min(a.start, b.start) : a.start,
      conv.end,
    );
  }
}
