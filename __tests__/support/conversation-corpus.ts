/**
 * Generated conversations as AWS records them, for the tests that compare two judges of the
 * same records: requests and replies, each side in one or more windows, every action mix,
 * flags that open, answer and reset, BPA as a reason, `flow-direction` and the packets' own
 * addresses where the format has them, private and public ends on both sides of each private
 * range's edge, IPv6, ICMP without ports, and windows that cross the gap between
 * conversations. Small pools of interfaces and addresses make conversations share their ends.
 */
import fc from "fast-check";
import type { RecordFormat } from "../../constructs/records/record-format";
import type { FlowRecord } from "./flow-records";

export const INTERFACES = ["eni-0aaaaaaaaaaaaaaa1", "eni-0aaaaaaaaaaaaaaa2", "eni-0aaaaaaaaaaaaaaa3", "eni-0aaaaaaaaaaaaaaa4"];

/** Each interface's own addresses: private IPv4, and IPv6 (global, so that neither end is private). */
const OWN = ["10.0.1.5", "172.31.16.139", "192.168.4.20", "2600:1f18:aa::5"];

/** Peers on both sides of each private range's edge, and IPv6 of both kinds. */
const PEERS = [
  "10.0.2.9",
  "172.16.0.1",
  "172.15.255.1",
  "172.32.0.1",
  "100.64.0.1",
  "100.127.9.9",
  "100.63.0.1",
  "100.128.0.1",
  "169.254.169.254",
  "192.168.0.1",
  "203.0.113.12",
  "198.51.100.4",
  "2001:db8::b",
  "fd00::17",
  "fe80::1",
  "febf::2",
  "fec0::1",
  "FD12::9",
];

const SERVER_PORTS = [22, 53, 80, 123, 443, 3306, 5432, 8080, 9999, 27017];

/** The flags of a side's windows, by what it does (an answer then a reset: RST beside SYN over the side). */
const FLAGS = { opening: [2, 2, 3], answer: [18, 16, 24, 17], reset: [4, 20], answerThenReset: [18, 4], plain: [16, 24, 1] } as const;

interface Side {
  readonly windows: number;
  readonly actions: readonly ("ACCEPT" | "REJECT")[];
  readonly flags: keyof typeof FLAGS;
}

/** One conversation to record: who serves, the ends, each side's windows, and their time. */
export interface GeneratedConversation {
  readonly interfaceId: string;
  readonly own: string;
  readonly peer: string;
  /** The packets' own peer, where a NAT gateway rewrote it (pkt-*). */
  readonly realPeer?: string;
  readonly protocol: number;
  readonly serves: boolean;
  readonly serverPort: number;
  readonly clientPort: number;
  readonly request?: Side;
  readonly reply?: Side;
  readonly bpa: boolean;
  readonly directionKnown: boolean;
  /** Seconds after the corpus's start of its first window, and between window starts. */
  readonly at: number;
  readonly step: number;
}

const sideArb = (flags: keyof typeof FLAGS | "any"): fc.Arbitrary<Side> =>
  fc.record({
    windows: fc.integer({ min: 1, max: 3 }),
    actions: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<("ACCEPT" | "REJECT")[]>(["ACCEPT"], ["REJECT"]) },
      { weight: 1, arbitrary: fc.constant<("ACCEPT" | "REJECT")[]>(["ACCEPT", "REJECT"]) },
    ),
    flags:
      flags === "any" ? fc.constantFrom<keyof typeof FLAGS>("opening", "answer", "reset", "answerThenReset", "plain") : fc.constant(flags),
  });

/** A conversation, within `span` seconds of the corpus's start. */
export function conversationArb(span: number): fc.Arbitrary<GeneratedConversation> {
  return fc
    .record({
      interface: fc.nat({ max: INTERFACES.length - 1 }),
      peer: fc.constantFrom(...PEERS),
      natted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      protocol: fc.constantFrom(6, 6, 6, 17, 17, 1, 58, 50),
      serves: fc.boolean(),
      serverPort: fc.constantFrom(...SERVER_PORTS),
      clientPort: fc.oneof(fc.integer({ min: 32768, max: 60999 }), fc.constantFrom(123, 53, 1024, 8080)),
      request: fc.option(sideArb("any"), { freq: 6 }),
      reply: fc.option(sideArb("any"), { freq: 2 }),
      bpa: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      directionKnown: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
      at: fc.integer({ min: 0, max: span }),
      // Around the gap: 720 s between 60-second windows is 660 s of silence (the same
      // conversation), 721 s one second more (the next).
      step: fc.constantFrom(0, 30, 60, 60, 300, 720, 721, 1300),
    })
    .filter((g) => g.request !== null || g.reply !== null)
    .map((g) => {
      const own = OWN[g.interface];
      // An IPv6 interface talks to IPv6 peers, an IPv4 one to IPv4 peers.
      const peers = PEERS.filter((p) => p.includes(":") === own.includes(":"));
      const peer = peers.includes(g.peer) ? g.peer : peers[g.serverPort % peers.length];
      const portless = g.protocol === 1 || g.protocol === 58;
      return {
        interfaceId: INTERFACES[g.interface],
        own,
        peer,
        ...(g.natted && !own.includes(":") ? { realPeer: "198.51.100.77" } : {}),
        protocol: g.protocol,
        serves: g.serves,
        serverPort: portless ? 0 : g.serverPort,
        clientPort: portless ? 0 : g.clientPort,
        ...(g.request ? { request: g.request } : {}),
        ...(g.reply ? { reply: g.reply } : {}),
        bpa: g.bpa,
        directionKnown: g.directionKnown,
        at: g.at,
        step: g.step,
      };
    });
}

/** The records AWS writes for a conversation, in `format`, from `t0` (epoch seconds). */
export function conversationRecords(c: GeneratedConversation, format: RecordFormat, t0: number): FlowRecord[] {
  const out: FlowRecord[] = [];
  const client = c.serves ? c.peer : c.own;
  const server = c.serves ? c.own : c.peer;
  const emit = (side: Side, fromClient: boolean, offset: number) => {
    for (let w = 0; w < side.windows; w++) {
      const start = t0 + c.at + offset + w * c.step;
      const action = side.actions[w % side.actions.length];
      const src = fromClient ? client : server;
      const dst = fromClient ? server : client;
      const inbound = dst === c.own;
      const values: FlowRecord = {
        version: String(format.recordVersion),
        "account-id": "123456789010",
        "interface-id": c.interfaceId,
        srcaddr: src,
        dstaddr: dst,
        srcport: String(fromClient ? c.clientPort : c.serverPort),
        dstport: String(fromClient ? c.serverPort : c.clientPort),
        protocol: String(c.protocol),
        packets: String(1 + w),
        bytes: String(60 * (1 + w) + (c.at % 97)),
        start: String(start),
        end: String(start + 60),
        action,
        "log-status": "OK",
        "tcp-flags": c.protocol === 6 ? String(FLAGS[side.flags][w % FLAGS[side.flags].length]) : "0",
        "flow-direction": c.directionKnown ? (inbound ? "ingress" : "egress") : "-",
        "reject-reason": action === "REJECT" && c.bpa ? "BPA" : "-",
        "pkt-srcaddr": c.realPeer && src === c.peer ? c.realPeer : src,
        "pkt-dstaddr": c.realPeer && dst === c.peer ? c.realPeer : dst,
        "vpc-id": "vpc-0123456789abcdef0",
        "subnet-id": "subnet-0bbbbbbbbbbbbbbb1",
        "instance-id": "i-0ccccccccccccccc1",
        type: c.own.includes(":") ? "IPv6" : "IPv4",
        region: "ap-northeast-1",
        "az-id": "apne1-az1",
        "traffic-path": "1",
      };
      out.push(Object.fromEntries(format.fields.map((f) => [f, values[f] ?? "-"])));
    }
  };
  if (c.request) emit(c.request, true, 0);
  if (c.reply) emit(c.reply, false, 1);
  return out;
}

/** A corpus: `n` conversations' records in `format`, ordered by start, from `t0`, plus a NODATA record per interface. */
export function conversationCorpus(format: RecordFormat, n: number, seed: number, t0: number, span: number): FlowRecord[] {
  const records = fc.sample(conversationArb(span), { numRuns: n, seed }).flatMap((c) => conversationRecords(c, format, t0));
  for (const [i, id] of INTERFACES.entries()) {
    const nodata: FlowRecord = Object.fromEntries(format.fields.map((f) => [f, "-"]));
    if (format.has("interface-id")) nodata["interface-id"] = id;
    if (format.has("start")) nodata.start = String(t0 + i * 600);
    if (format.has("end")) nodata.end = String(t0 + i * 600 + 60);
    if (format.has("log-status")) nodata["log-status"] = "NODATA";
    if (format.has("version")) nodata.version = String(format.recordVersion);
    records.push(nodata);
  }
  return records.sort((a, b) => Number(a.start) - Number(b.start));
}
