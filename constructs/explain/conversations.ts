/**
 * The conversations records form: records of one interface and one 5-tuple, either way, in
 * overlapping windows. Each is kept while a record can still join it and then judged: which
 * side is the request, which way it went, and the verdict, from the records and, given, the
 * rules. A verdict says only what they allow: a request rejected on the way in with no reply
 * may be either layer's doing, and says so; an accepted request whose reply is rejected is
 * put on the network ACL, because security groups are stateful (with the one exception said).
 * Flags are judged over both sides, so nothing said of one record contradicts its verdict.
 * Ends are the packets' own addresses where the format has them (`pkt-*`): on a NAT gateway's
 * interface the server is the real peer, not the gateway.
 */
import { FlowRecord, numberOf, textOf } from "./record";
import type { Direction, Endpoint, RefusalJudge } from "./question";
import type { ConversationWords, Sentences, VerdictCode } from "./sentences";
import { isServicePort, isSynAck, isSynOnly, PROTOCOLS, SERVICES, TCP_FLAGS } from "./vocabulary";

/** A conversation judged. */
export interface ExplainedConversation {
  readonly kind: "conversation";
  readonly interfaceId: string;
  readonly protocol: string;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly service: string;
  /** Of the request, seen from the interface. */
  readonly direction: Direction;
  readonly verdict: VerdictCode;
  /** What the verdict rests on: the records alone, or the rules given as well. */
  readonly basis: "records" | "rules";
  readonly sentence: string;
  /** The lines of its first records, at most {@link LINES_KEPT}; `records` counts them all. */
  readonly lines: readonly number[];
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
}

/** How many line numbers a conversation keeps and shows. */
export const LINES_KEPT = 5;

/** One direction of a conversation. */
interface Side {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly lines: number[];
  records: number;
  packets: number;
  bytes: number;
  readonly actions: Set<string>;
  /** A rejected record's reason said BPA (VPC Block Public Access). */
  blockedByBpa: boolean;
  flags: number;
  flagsKnown: boolean;
  start: number;
  ingress: boolean;
  egress: boolean;
}

interface Conversation {
  readonly interfaceId: string;
  readonly protocol: number;
  readonly sides: Map<string, Side>;
  end: number;
}

/** A side whose windows opened a connection (SYN, no ACK). */
const synSide = (s: Side) => s.flagsKnown && isSynOnly(s.flags);
/** A side whose windows answered an opening (SYN-ACK). */
const synAckSide = (s: Side) => s.flagsKnown && isSynAck(s.flags);
/** A side sent from a service port to an ephemeral one: a reply, by its ports. */
const sentFromService = (s: Side) => isServicePort(s.from.port) && !isServicePort(s.to.port);

/** Seconds after a conversation's last window before it is judged: the longest aggregation interval, and a minute of lateness. */
export const SETTLE_SECONDS = 660;

const endpointKey = (e: Endpoint) => `${e.address} ${e.port}`;

/** Open conversations, judged as they close. */
export class Conversations {
  private readonly open = new Map<string, Conversation>();
  /** Conversations judged so far. */
  judged = 0;

  constructor(
    private readonly words: Sentences,
    private readonly rules?: RefusalJudge,
  ) {}

  /** Adds a record (its status OK) to its conversation, with its direction as seen from the interface. */
  add(r: FlowRecord, direction: Direction, line: number): void {
    const interfaceId = textOf(r, "interface-id");
    const protocol = numberOf(r, "protocol");
    const src = textOf(r, "pkt-srcaddr") ?? textOf(r, "srcaddr");
    const dst = textOf(r, "pkt-dstaddr") ?? textOf(r, "dstaddr");
    const action = textOf(r, "action");
    if (!interfaceId || protocol === undefined || !src || !dst || !action) return;
    const from = { address: src, port: numberOf(r, "srcport") ?? 0 };
    const to = { address: dst, port: numberOf(r, "dstport") ?? 0 };
    const ends = [endpointKey(from), endpointKey(to)].sort();
    const key = `${interfaceId} ${protocol} ${ends.join(" ")}`;
    const start = numberOf(r, "start") ?? 0;
    const end = numberOf(r, "end") ?? start;
    const conv = this.open.get(key) ?? { interfaceId, protocol, sides: new Map<string, Side>(), end };
    conv.end = Math.max(conv.end, end);
    const sideKey = `${endpointKey(from)} > ${endpointKey(to)}`;
    const side = conv.sides.get(sideKey) ?? {
      from,
      to,
      lines: [],
      records: 0,
      packets: 0,
      bytes: 0,
      actions: new Set<string>(),
      blockedByBpa: false,
      flags: 0,
      flagsKnown: false,
      start,
      ingress: false,
      egress: false,
    };
    if (side.lines.length < LINES_KEPT) side.lines.push(line);
    side.records++;
    side.packets += numberOf(r, "packets") ?? 0;
    side.bytes += numberOf(r, "bytes") ?? 0;
    side.actions.add(action);
    if (action === "REJECT" && textOf(r, "reject-reason") === "BPA") side.blockedByBpa = true;
    const flags = numberOf(r, "tcp-flags");
    if (flags !== undefined) {
      side.flags |= flags;
      side.flagsKnown = true;
    }
    side.start = Math.min(side.start, start);
    if (direction === "inbound") side.ingress = true;
    if (direction === "outbound") side.egress = true;
    conv.sides.set(sideKey, side);
    this.open.set(key, conv);
  }

  /** Judges the conversations whose last window ended before `before` (seconds). */
  *settle(before: number): Generator<ExplainedConversation> {
    for (const [key, conv] of this.open) {
      if (conv.end >= before) continue;
      this.open.delete(key);
      this.judged++;
      yield this.judge(conv);
    }
  }

  /** Which side is the request: flags, then service ports, then which was accepted, then time. */
  private request(sides: Side[]): { request?: Side; reply?: Side } {
    if (sides.length === 1) {
      const [s] = sides;
      return sentFromService(s) || synAckSide(s) ? { reply: s } : { request: s };
    }
    const [a, b] = sides;
    const order = (request: Side, reply: Side) => ({ request, reply });
    if (synSide(a) || synAckSide(b)) return order(a, b);
    if (synSide(b) || synAckSide(a)) return order(b, a);
    if (sentFromService(b) && !sentFromService(a)) return order(a, b);
    if (sentFromService(a) && !sentFromService(b)) return order(b, a);
    // A reply exists only if its request got through: an accepted side facing a rejected one is the request.
    const accepted = (s: Side) => s.actions.has("ACCEPT") && !s.actions.has("REJECT");
    const rejected = (s: Side) => s.actions.has("REJECT") && !s.actions.has("ACCEPT");
    if (accepted(a) && rejected(b)) return order(a, b);
    if (accepted(b) && rejected(a)) return order(b, a);
    if (a.start !== b.start) return a.start < b.start ? order(a, b) : order(b, a);
    return a.to.port <= b.to.port ? order(a, b) : order(b, a);
  }

  private judge(conv: Conversation): ExplainedConversation {
    const sides = [...conv.sides.values()];
    const { request, reply } = this.request(sides);
    const asked = request ?? reply!;
    const client = request ? request.from : reply!.to;
    const server = request ? request.to : reply!.from;
    const direction: Direction = asked.ingress
      ? request
        ? "inbound"
        : "outbound"
      : asked.egress
        ? request
          ? "outbound"
          : "inbound"
        : "unknown";
    const protocol = PROTOCOLS[conv.protocol] ?? `protocol ${conv.protocol}`;
    const service = SERVICES[server.port] ?? (server.port > 0 ? String(server.port) : protocol);
    const only = (s: Side | undefined, action: string) => s !== undefined && s.actions.size === 1 && s.actions.has(action);
    const mixed = sides.some((s) => s.actions.size > 1);
    let verdict: VerdictCode;
    if (sides.some((s) => s.blockedByBpa)) verdict = "REFUSED_BY_BLOCK_PUBLIC_ACCESS";
    else if (mixed) verdict = "MIXED";
    else if (!request) verdict = only(reply, "REJECT") ? "LATE_REPLY_OR_SCAN" : "REQUEST_NOT_SEEN";
    else if (only(request, "REJECT")) {
      verdict = only(reply, "ACCEPT")
        ? "MIXED"
        : direction === "inbound"
          ? "REFUSED_INBOUND"
          : direction === "outbound"
            ? "REFUSED_OUTBOUND"
            : "REFUSED";
    } else if (!reply) verdict = "REPLY_NOT_SEEN";
    else if (only(reply, "REJECT")) {
      verdict =
        direction === "outbound"
          ? "REPLY_REFUSED_BY_ACL_INBOUND"
          : direction === "inbound"
            ? "REPLY_REFUSED_BY_ACL_OUTBOUND"
            : "REPLY_REFUSED_BY_ACL";
    } else {
      const reset = reply.flagsKnown && (reply.flags & TCP_FLAGS.RST) !== 0 && (reply.flags & TCP_FLAGS.SYN) === 0;
      verdict = reset ? "HOST_RESET" : "CONNECTED";
    }
    const w = this.words;
    const hasPorts = client.port > 0 || server.port > 0;
    const portless = conv.protocol === 1 || conv.protocol === 58;
    const words: ConversationWords = {
      client: w.endpoint(client.address, hasPorts ? String(client.port) : ""),
      clientAddress: client.address,
      server: w.endpoint(server.address, hasPorts ? String(server.port) : ""),
      service,
      protocol,
      serverPort: String(server.port),
      interfaceId: conv.interfaceId,
      portless,
    };
    let basis: "records" | "rules" = "records";
    let detail: string | undefined;
    // The client's SYN with no reply at all: not established, judged from both sides (there is none).
    const unanswered = verdict === "REPLY_NOT_SEEN" && request !== undefined && synSide(request);
    const judged = this.rules?.judge({ interfaceId: conv.interfaceId, protocol: conv.protocol, client, server, direction, verdict }, w);
    if (judged) {
      verdict = judged.verdict;
      detail = judged.detail;
      basis = "rules";
    }
    return {
      kind: "conversation",
      interfaceId: conv.interfaceId,
      protocol,
      client,
      server,
      service,
      direction,
      verdict,
      basis,
      sentence: w.verdict[verdict]({ ...words, ...(detail ? { detail } : {}) }) + (unanswered ? ` ${w.synWithoutSynAck}` : ""),
      lines: sides
        .flatMap((s) => s.lines)
        .sort((a, b) => a - b)
        .slice(0, LINES_KEPT),
      records: sides.reduce((n, s) => n + s.records, 0),
      packets: sides.reduce((n, s) => n + s.packets, 0),
      bytes: sides.reduce((n, s) => n + s.bytes, 0),
    };
  }
}
