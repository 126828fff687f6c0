/**
 * Properties of the explanation on the networks people run, against a reference model written
 * here apart from the code under test: interfaces with and without security groups (by their
 * type), TCP, UDP, ICMP and ICMPv6 with rules by port or by ICMP type and code, formats with and
 * without `reject-reason` and `tcp-flags`, VPC Block Public Access refusing either side of a
 * conversation, replies that came after the security group stopped tracking them, and records
 * of the server's side alone.
 *
 * The model decides what AWS records from the packets' true ICMP type and whether Block Public
 * Access is on; the explainer sees neither. What it may conclude is what holds in every world
 * the records leave possible: the model enumerates them (every type and code of a small
 * universe, Block Public Access on or off where the format cannot say, a late reply only where
 * nothing else explains a refused reply) and names a layer only when every possible world
 * without Block Public Access puts the refusal on it; the layers it lists are every layer some
 * possible world puts it on.
 *
 * A last property: whatever the filter (an action, a time window, an address, an interface),
 * every conversation shown has the verdict it has without the filter.
 */
import fc from "fast-check";
import {
  explainRecords,
  ExplainedConversation,
  recordSelector,
  recordView,
  RuleSet,
  RulesJudge,
  type Layer,
  type RecordFilterOptions,
  type VerdictCode,
} from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";
import { modelRuleSet } from "../support/rule-sets";

const OWN = "10.0.1.5";
const ENI = "eni-0a1b2c3d4e5f60718";
const T0 = 1_700_000_000;

type Cidr = "0.0.0.0/0" | `${string}/24` | `${string}/32`;
type Protocol = 6 | 17 | 1 | 58;

/** A rule of a group or an ACL entry: by ports (TCP, UDP), by ICMP type and code (-1: all), or all traffic. */
interface Rule {
  readonly protocol: Protocol | -1;
  readonly from: number;
  readonly to: number;
  readonly type: number;
  readonly code: number;
  readonly cidr: Cidr;
}
interface Entry extends Rule {
  readonly number: number;
  readonly allow: boolean;
}
interface Icmp {
  readonly type: number;
  readonly code: number;
}

interface World {
  readonly peer: string;
  readonly protocol: Protocol;
  /** The packets' true ICMP types: the request's and the reply's. */
  readonly icmp: Icmp;
  readonly replyIcmp: Icmp;
  /** The interface has no security group (a NAT gateway's, a transit gateway attachment's, ...). */
  readonly groupless: boolean;
  readonly interfaceType: string;
  /**
   * VPC Block Public Access for the peer when it is on the internet: off, blocking what comes in
   * (requests from the internet, and replies to requests that went out), or both ways.
   */
  readonly bpa: "off" | "ingress" | "bidirectional";
  /** The reply came after the security group stopped tracking the connection. */
  readonly late: boolean;
  readonly format: { readonly reason: boolean; readonly flags: boolean };
  readonly serves: boolean;
  readonly serverPort: number;
  readonly clientPort: number;
  /** Only the server's side is in the records (the request's window is elsewhere). */
  readonly replyOnly: boolean;
  readonly sgIn: readonly Rule[];
  readonly sgOut: readonly Rule[];
  readonly aclIn: readonly Entry[];
  readonly aclOut: readonly Entry[];
}

// ---- The model -----------------------------------------------------------------------------

const contains = (cidr: Cidr, address: string) => {
  const [base, bits] = cidr.split("/");
  if (bits === "0") return true;
  if (bits === "32") return base === address;
  return base.split(".").slice(0, 3).join(".") === address.split(".").slice(0, 3).join(".");
};
const isIcmp = (p: number) => p === 1 || p === 58;
const matches = (r: Rule, protocol: Protocol, port: number, icmp: Icmp, peer: string) =>
  contains(r.cidr, peer) &&
  (r.protocol === -1 ||
    (r.protocol === protocol &&
      (isIcmp(protocol)
        ? (r.type === -1 || r.type === icmp.type) && (r.type === -1 || r.code === -1 || r.code === icmp.code)
        : port >= r.from && port <= r.to)));
const groupAllows = (rules: readonly Rule[], p: Protocol, port: number, icmp: Icmp, peer: string) =>
  rules.some((r) => matches(r, p, port, icmp, peer));
const aclAllows = (entries: readonly Entry[], p: Protocol, port: number, icmp: Icmp, peer: string) =>
  [...entries].sort((a, b) => a.number - b.number).find((e) => matches(e, p, port, icmp, peer))?.allow ?? false;
const isPublic = (address: string) => address.startsWith("203.0.113.");

/** Which layer refused the request, or undefined when it went through; in the order the request meets them. */
function requestRefuser(w: World): Layer | undefined {
  const bpa = w.bpa !== "off" && isPublic(w.peer);
  const p = w.protocol;
  if (w.serves) {
    if (bpa) return "block-public-access";
    if (!aclAllows(w.aclIn, p, w.serverPort, w.icmp, w.peer)) return "network-acl";
    if (!w.groupless && !groupAllows(w.sgIn, p, w.serverPort, w.icmp, w.peer)) return "security-group";
    return undefined;
  }
  if (!w.groupless && !groupAllows(w.sgOut, p, w.serverPort, w.icmp, w.peer)) return "security-group";
  if (!aclAllows(w.aclOut, p, w.serverPort, w.icmp, w.peer)) return "network-acl";
  return bpa && w.bpa === "bidirectional" ? "block-public-access" : undefined;
}

/** Which layer refused the reply (the request having gone through): the groups only when it came late. */
function replyRefuser(w: World): Layer | undefined {
  const bpa = w.bpa !== "off" && isPublic(w.peer);
  const p = w.protocol;
  const group = () => w.late && !w.groupless && !groupAllows(w.serves ? w.sgOut : w.sgIn, p, w.clientPort, w.replyIcmp, w.peer);
  if (!w.serves) {
    // The reply comes in: the gateway, the ACL's inbound rules, then the groups.
    if (bpa) return "block-public-access";
    if (!aclAllows(w.aclIn, p, w.clientPort, w.replyIcmp, w.peer)) return "network-acl";
    return group() ? "security-group" : undefined;
  }
  if (group()) return "security-group";
  if (!aclAllows(w.aclOut, p, w.clientPort, w.replyIcmp, w.peer)) return "network-acl";
  return bpa && w.bpa === "bidirectional" ? "block-public-access" : undefined;
}

/** What AWS records of a world: the request's action and refuser, the reply's if there is one. */
function recorded(w: World): { request: Layer | "accepted"; reply?: Layer | "accepted" } {
  const request = requestRefuser(w) ?? "accepted";
  if (request !== "accepted") return { request };
  return { request, reply: replyRefuser(w) ?? "accepted" };
}

/** Every ICMP type and code the rules can tell apart has one in here (rules name types 3, 5, 8 and codes 0, 4). */
const ICMP_UNIVERSE: readonly Icmp[] = [0, 3, 5, 8, 11].flatMap((type) => [0, 1, 4].map((code) => ({ type, code })));

const sorted = (layers: Iterable<Layer>) =>
  (["security-group", "network-acl", "block-public-access"] as const).filter((l) => new Set(layers).has(l));

/** The verdict the explainer should reach, with the rules given, and the layers it should leave open. */
function expected(w: World, withRules: boolean): { verdict: VerdictCode; layers: Layer[] } {
  const actual = recorded(w);
  const reasonSays = (r: Layer | "accepted" | undefined) => w.format.reason && r === "block-public-access";
  const shown = w.replyOnly ? [actual.reply] : [actual.request, actual.reply];
  if (shown.some(reasonSays)) return { verdict: "REFUSED_BY_BLOCK_PUBLIC_ACCESS", layers: ["block-public-access"] };
  const bpaOpen = !w.format.reason && isPublic(w.peer);
  // A request from the peer accepted on the way in: Block Public Access lets the peer in.
  const bpa: Layer[] = bpaOpen && !(w.serves && actual.request === "accepted") ? ["block-public-access"] : [];
  if (w.replyOnly) {
    const reply = actual.reply!;
    return reply === "accepted" ? { verdict: "REQUEST_NOT_SEEN", layers: [] } : { verdict: "LATE_REPLY_OR_SCAN", layers: [] };
  }
  if (actual.request === "accepted" && actual.reply === "accepted") return { verdict: "CONNECTED", layers: [] };
  const requestRefused = actual.request !== "accepted";
  const recordsVerdict: VerdictCode = requestRefused
    ? w.serves
      ? "REFUSED_INBOUND"
      : "REFUSED_OUTBOUND"
    : w.serves
      ? "REPLY_REFUSED_BY_ACL_OUTBOUND"
      : "REPLY_REFUSED_BY_ACL_INBOUND";
  if (!withRules)
    return { verdict: recordsVerdict, layers: sorted([...(requestRefused ? ["security-group" as const] : []), "network-acl", ...bpa]) };
  // Every world the records leave possible.
  const worlds: World[] = [];
  const types = isIcmp(w.protocol) ? ICMP_UNIVERSE : [w.icmp];
  for (const icmp of types)
    for (const bpa of bpaOpen ? (["off", "ingress", "bidirectional"] as const) : (["off"] as const))
      for (const late of [false, true]) worlds.push(requestRefused ? { ...w, icmp, bpa, late } : { ...w, replyIcmp: icmp, bpa, late });
  const refuser = (x: World) => (requestRefused ? requestRefuser(x) : replyRefuser(x));
  const same = (x: World) => (requestRefused ? refuser(x) !== undefined : requestRefuser(x) === undefined && refuser(x) !== undefined);
  // A reply came late only where nothing else explains its refusal.
  const onTime = worlds.filter((x) => !x.late && same(x));
  const lateNeeded = !onTime.some((x) => x.bpa === "off");
  const possible = worlds.filter((x) => same(x) && (!x.late || (lateNeeded && !requestRefused)));
  const layers = sorted(possible.map((x) => refuser(x)!));
  const ruleWorlds = possible.filter((x) => x.bpa === "off");
  if (ruleWorlds.length === 0) return { verdict: "REFUSED_THOUGH_RULES_ALLOW", layers };
  const ruleLayers = new Set(ruleWorlds.map((x) => refuser(x)!));
  if (ruleLayers.size > 1) return { verdict: recordsVerdict, layers };
  const [only] = ruleLayers;
  const verdict: VerdictCode = requestRefused
    ? only === "network-acl"
      ? "REFUSED_BY_NETWORK_ACL"
      : "REFUSED_BY_SECURITY_GROUP"
    : only === "network-acl"
      ? recordsVerdict
      : "REPLY_REFUSED_BY_SECURITY_GROUP";
  return { verdict, layers };
}

// ---- Generated worlds ----------------------------------------------------------------------

const SERVICE_PORTS = [22, 53, 80, 123, 443, 3389];
/** A rule of all traffic from anywhere. */
const ALL_TRAFFIC: Rule = { protocol: -1, from: 0, to: 65535, type: -1, code: -1, cidr: "0.0.0.0/0" };
const NO_GROUP_TYPES = ["natGateway", "nat_gateway", "transit_gateway", "gateway_load_balancer_endpoint", "network_load_balancer"];

function worldArb(): fc.Arbitrary<World> {
  const peerArb = fc.oneof(
    fc.integer({ min: 1, max: 254 }).map((n) => `203.0.113.${n}`),
    fc.integer({ min: 1, max: 254 }).map((n) => `10.0.2.${n}`),
  );
  return peerArb.chain((peer) => {
    const cidr = fc.constantFrom<Cidr>("0.0.0.0/0", `${peer}/32`, `${peer.split(".").slice(0, 3).join(".")}.0/24`, "198.51.100.0/24");
    const range = fc.oneof(
      fc.constantFrom(...SERVICE_PORTS, 8500).map((n) => [n, n] as const),
      fc.constant([1024, 65535] as const),
      fc.constant([0, 65535] as const),
    );
    const rule = fc
      .record({
        protocol: fc.constantFrom<Protocol | -1>(6, 17, 1, 58, -1),
        range,
        type: fc.constantFrom(-1, -1, 3, 5, 8),
        code: fc.constantFrom(-1, -1, 0, 4),
        cidr,
      })
      .map((r): Rule => ({
        protocol: r.protocol,
        from: r.range[0],
        to: r.range[1],
        type: r.type,
        code: r.type === -1 ? -1 : r.code,
        cidr: r.cidr,
      }));
    const entries = fc
      .uniqueArray(fc.record({ number: fc.integer({ min: 1, max: 32766 }), allow: fc.boolean(), rule }), {
        maxLength: 4,
        selector: (e) => e.number,
      })
      .map((es) => es.map((e): Entry => ({ ...e.rule, number: e.number, allow: e.allow })));
    // Half the ACLs end with an allow-all entry before the final deny, as most VPCs' do: replies get through to be judged.
    const acl = fc.oneof(
      entries,
      entries.map((es): Entry[] => [...es, { ...ALL_TRAFFIC, number: 32000, allow: true }]),
    );
    const icmp = fc.record({ type: fc.constantFrom(0, 3, 5, 8, 11), code: fc.constantFrom(0, 1, 4) });
    return fc
      .record({
        peer: fc.constant(peer),
        protocol: fc.constantFrom<Protocol>(6, 17, 1, 58),
        icmp,
        replyIcmp: icmp,
        groupless: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
        interfaceType: fc.constantFrom(...NO_GROUP_TYPES),
        bpa: fc.constantFrom<World["bpa"]>("off", "off", "off", "ingress", "bidirectional"),
        late: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        format: fc.record({ reason: fc.boolean(), flags: fc.boolean() }),
        serves: fc.boolean(),
        serverPort: fc.constantFrom(...SERVICE_PORTS, 8500),
        clientPort: fc.integer({ min: 32768, max: 60999 }),
        replyOnly: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        sgIn: fc.array(rule, { maxLength: 3 }),
        sgOut: fc.oneof(fc.constant([ALL_TRAFFIC]), fc.array(rule, { maxLength: 3 })),
        aclIn: acl,
        aclOut: acl,
      })
      .map((w) => {
        // ICMP has no ports: flow logs write 0 for both.
        const ports = isIcmp(w.protocol) ? { serverPort: 0, clientPort: 0 } : {};
        // The server's side alone is told by its port (a known service) or its SYN-ACK; ICMP's has neither.
        const replyOnly =
          w.replyOnly &&
          !isIcmp(w.protocol) &&
          (w.serverPort !== 8500 || (w.protocol === 6 && w.format.flags)) &&
          recorded(w).reply !== undefined;
        return { ...w, ...ports, replyOnly, interfaceType: w.groupless ? w.interfaceType : "interface" };
      });
  });
}

// ---- Records and rules of a world ----------------------------------------------------------

const fields = (w: World) => [
  ...RecordFormat.DEFAULT.fields,
  ...(w.format.flags ? ["tcp-flags" as const] : []),
  ...(w.format.reason ? ["reject-reason" as const] : []),
];
const formatOf = (w: World) => RecordFormat.parse(fields(w).join(" "));

/** The records AWS writes for a world, `start` its first window. */
function recordsOf(w: World, start = T0, eni = ENI): string[] {
  const { request, reply } = recorded(w);
  const [client, server] = w.serves ? [w.peer, OWN] : [OWN, w.peer];
  const line = (src: string, dst: string, sp: number, dp: number, outcome: Layer | "accepted", flags: number, at: number) =>
    [
      `2 123456789012 ${eni} ${src} ${dst} ${sp} ${dp} ${w.protocol} 3 180 ${at} ${at + 60} ${outcome === "accepted" ? "ACCEPT" : "REJECT"} OK`,
      ...(w.format.flags ? [String(w.protocol === 6 ? flags : 0)] : []),
      ...(w.format.reason ? [outcome === "block-public-access" ? "BPA" : "-"] : []),
    ].join(" ");
  const out: string[] = [];
  if (!w.replyOnly) out.push(line(client, server, w.clientPort, w.serverPort, request, 2, start));
  if (reply !== undefined) out.push(line(server, client, w.serverPort, w.clientPort, reply, 18, start + 60));
  return out;
}

/** The world's rules as the describe commands print them. */
const rulesOf = (w: World): RuleSet => modelRuleSet({ ...w, eni: ENI, own: OWN });

const conversationsOf = (lines: string[], options: Parameters<typeof explainRecords>[1]) =>
  explainRecords(lines, options).filter((e): e is ExplainedConversation => e.kind === "conversation");
const OWN_ADDRESSES = new Map([[ENI, [OWN]]]);

describe("generated worlds: interfaces with and without groups, ICMP by type, Block Public Access either side", () => {
  test("from the records alone: the model's verdict, and every layer the records leave open", () => {
    fc.assert(
      fc.property(worldArb(), (w) => {
        const out = conversationsOf(recordsOf(w), { format: formatOf(w), interfaceAddresses: OWN_ADDRESSES });
        const e = expected(w, false);
        expect(out.map((c) => [c.verdict, c.layers])).toEqual([[e.verdict, e.layers]]);
        if (isIcmp(w.protocol)) expect(out[0].sentence).not.toMatch(/1024-65535|:0\b|ports? \d/);
        if (w.protocol !== 17) expect(out[0].sentence).not.toContain("30 s for UDP");
      }),
      { numRuns: 250 },
    );
  });

  test("with the rules: the layer every possible world puts it on, or the layers they leave open, never a group the interface lacks", () => {
    fc.assert(
      fc.property(worldArb(), (w) => {
        const rules = rulesOf(w);
        const out = conversationsOf(recordsOf(w), { format: formatOf(w), rules: new RulesJudge(rules), interfaceAddresses: OWN_ADDRESSES });
        const e = expected(w, true);
        expect(out.map((c) => [c.verdict, c.layers])).toEqual([[e.verdict, e.layers]]);
        const [c] = out;
        if (w.groupless) {
          expect(c.layers).not.toContain("security-group");
          expect(["REFUSED_BY_SECURITY_GROUP", "REPLY_REFUSED_BY_SECURITY_GROUP"]).not.toContain(c.verdict);
          if (c.basis === "rules") expect(c.sentence).toContain("has no security group");
        }
        if (isIcmp(w.protocol)) expect(c.sentence).not.toMatch(/1024-65535|:0\b|ports? \d/);
      }),
      { numRuns: 350 },
    );
  });
});

describe("filters choose what is shown, never a verdict", () => {
  /** Several worlds on one interface, each at its own time and client port, as one stream of records. */
  const corpusArb = fc.array(fc.tuple(worldArb(), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 8 }).map((ws) => {
    const lines: string[] = [];
    ws.forEach(([w, minute], i) => {
      const world = isIcmp(w.protocol) ? w : { ...w, clientPort: 40000 + i };
      lines.push(...recordsOf(world, T0 + minute * 60, i % 3 === 2 ? "eni-0ffffffffffffffff" : ENI));
    });
    // AWS delivers windows in any order within a file: sorted by start, as a file of one hour is.
    return lines.sort((a, b) => Number(a.split(" ")[10]) - Number(b.split(" ")[10]));
  });
  const filterArb = fc.oneof(
    fc.record({ action: fc.constantFrom<"ACCEPT" | "REJECT">("ACCEPT", "REJECT") }),
    fc.integer({ min: 0, max: 45 }).chain((a) => fc.integer({ min: a, max: 46 }).map((b) => ({ since: T0 + a * 60, until: T0 + b * 60 }))),
    fc.record({ address: fc.constantFrom("203.0.113.0/24", "10.0.2.0/24", OWN) }),
    fc.record({ interfaceId: fc.constantFrom(ENI, "eni-0ffffffffffffffff") }),
    fc.record({ action: fc.constant<"REJECT">("REJECT"), since: fc.constant(T0 + 20 * 60) }),
  );

  test("every conversation shown has the verdict, layers and records it has without the filter", () => {
    const format = RecordFormat.parse([...RecordFormat.DEFAULT.fields, "tcp-flags", "reject-reason"].join(" "));
    fc.assert(
      fc.property(corpusArb, filterArb, fc.boolean(), (lines, filter, known) => {
        // Every world of a corpus in one format: the widest.
        const widened = lines.map((l) => {
          const v = l.split(" ");
          return v.length === 16
            ? l
            : v.length === 14
              ? `${l} 0 -`
              : /^\d+$/.test(v[14])
                ? `${l} -`
                : `${v.slice(0, 14).join(" ")} 0 ${v[14]}`;
        });
        const options = { format, ...(known ? { interfaceAddresses: OWN_ADDRESSES } : {}) };
        const whole = new Map(conversationsOf(widened, options).map((c) => [c.lines.join(","), c]));
        const keep = recordSelector(filter as RecordFilterOptions);
        const view = recordView(filter as RecordFilterOptions);
        const shown = conversationsOf(widened, { ...options, ...(keep ? { keep } : {}), ...(view ? { view } : {}) });
        for (const c of shown) {
          const unfiltered = whole.get(c.lines.join(","));
          expect(unfiltered).toBeDefined();
          expect([c.verdict, c.layers, c.records, c.direction]).toEqual([
            unfiltered!.verdict,
            unfiltered!.layers,
            unfiltered!.records,
            unfiltered!.direction,
          ]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
