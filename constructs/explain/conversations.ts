/**
 * The conversations records form: records of one interface and one 5-tuple, either way, in
 * overlapping windows. Each is kept while a record can still join it and then judged: which
 * side is the request, which way it went, and the verdict, from the records and, given, the
 * rules. A verdict says only what they allow: a request rejected on the way in with no reply
 * may be either layer's doing, and says so; an accepted request whose reply is rejected can
 * only be a network ACL's, because security groups are stateful.
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
  /** The lines of its records. */
  readonly lines: readonly number[];
}

/** One direction of a conversation. */
interface Side {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly lines: number[];
  readonly actions: Set<string>;
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

  /** Adds a record (its status OK) to its conversation; `own` is the interface's own address in it, when known. */
  add(r: FlowRecord, own: string | undefined, line: number): void {
    const interfaceId = textOf(r, "interface-id");
    const protocol = numberOf(r, "protocol");
    const src = textOf(r, "srcaddr");
    const dst = textOf(r, "dstaddr");
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
      actions: new Set<string>(),
      flags: 0,
      flagsKnown: false,
      start,
      ingress: false,
      egress: false,
    };
    side.lines.push(line);
    side.actions.add(action);
    const flags = numberOf(r, "tcp-flags");
    if (flags !== undefined) {
      side.flags |= flags;
      side.flagsKnown = true;
    }
    side.start = Math.min(side.start, start);
    if (own === dst) side.ingress = true;
    if (own === src) side.egress = true;
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
    if (mixed) verdict = "MIXED";
    else if (!request) verdict = "REQUEST_NOT_SEEN";
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
    const words: ConversationWords = {
      client: w.endpoint(client.address, hasPorts ? String(client.port) : ""),
      clientAddress: client.address,
      server: w.endpoint(server.address, hasPorts ? String(server.port) : ""),
      service,
      protocol,
      serverPort: String(server.port),
      interfaceId: conv.interfaceId,
    };
    let basis: "records" | "rules" = "records";
    let detail: string | undefined;
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
      sentence: w.verdict[verdict]({ ...words, ...(detail ? { detail } : {}) }),
      lines: sides.flatMap((s) => s.lines).sort((a, b) => a - b),
    };
  }
}
