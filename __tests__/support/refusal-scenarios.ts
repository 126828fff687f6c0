/**
 * The property tests' world: generated conversations under generated security groups and
 * network ACLs, and a reference model (written apart from the code under test) of what AWS
 * records and which layer refused. Shared by the explainer's property tests and the Athena
 * verdict queries' differential (each scenario is one conversation of one interface).
 */
import fc from "fast-check";
import type { VerdictCode } from "../../analysis/explain";

export const OWN = "10.0.1.5";
export const ENI = "eni-0a1b2c3d4e5f60718";
/** CIDRs of three sizes, so that containment is a prefix test the model can do on its own. */
export type Cidr = "0.0.0.0/0" | `${string}/24` | `${string}/32`;

export interface Rule {
  readonly protocol: 6 | 17 | 1 | -1;
  readonly from: number;
  readonly to: number;
  readonly cidr: Cidr;
}
export interface AclEntry extends Rule {
  readonly number: number;
  readonly allow: boolean;
}
export interface Scenario {
  readonly peer: string;
  readonly protocol: 6 | 17 | 1;
  /** VPC Block Public Access blocks the VPC's internet traffic (a public peer's). */
  readonly bpa: boolean;
  /** Whether the interface serves (the request comes in) or is the client (the request goes out). */
  readonly serves: boolean;
  readonly serverPort: number;
  readonly clientPort: number;
  readonly sgIn: readonly Rule[];
  readonly sgOut: readonly Rule[];
  readonly aclIn: readonly AclEntry[];
  readonly aclOut: readonly AclEntry[];
}

// The model: containment by the CIDR's size, first match by number, default deny.
const contains = (cidr: Cidr, address: string) => {
  const [base, bits] = cidr.split("/");
  if (bits === "0") return true;
  if (bits === "32") return base === address;
  return base.split(".").slice(0, 3).join(".") === address.split(".").slice(0, 3).join(".");
};
// ICMP has no ports: its rules match by protocol (and type and code, which the model leaves open).
const matches = (r: Rule, protocol: number, port: number, peer: string) =>
  (r.protocol === -1 || r.protocol === protocol) &&
  (r.protocol === -1 || r.protocol === 1 || (port >= r.from && port <= r.to)) &&
  contains(r.cidr, peer);
const groupAllows = (rules: readonly Rule[], protocol: number, port: number, peer: string) =>
  rules.some((r) => matches(r, protocol, port, peer));
/** The entry that decides (first match by number), or undefined for the final * rule. */
const aclDecides = (entries: readonly AclEntry[], protocol: number, port: number, peer: string) =>
  [...entries].sort((a, b) => a.number - b.number).find((e) => matches(e, protocol, port, peer));
const aclAllows = (entries: readonly AclEntry[], protocol: number, port: number, peer: string) =>
  aclDecides(entries, protocol, port, peer)?.allow ?? false;
const isPublic = (address: string) => address.startsWith("203.0.113.");

/** What AWS records (request, then the reply if the request got through) and the verdict that explains it. */
export function model(s: Scenario): {
  accepted: boolean[];
  withRules: VerdictCode;
  fromRecords: VerdictCode;
  bpa?: boolean;
  replyRule?: string;
} {
  const p = s.protocol;
  if (s.bpa && isPublic(s.peer))
    return { accepted: [false], withRules: "REFUSED_BY_BLOCK_PUBLIC_ACCESS", fromRecords: "REFUSED_BY_BLOCK_PUBLIC_ACCESS", bpa: true };
  // The rule a refused reply meets: the ACL of the reply's own direction, at the client's port.
  const replyRule = (entries: readonly AclEntry[]) => {
    const e = aclDecides(entries, p, s.clientPort, s.peer);
    return e ? `rule ${e.number}` : "rule *";
  };
  if (s.serves) {
    const aclOk = aclAllows(s.aclIn, p, s.serverPort, s.peer);
    const sgOk = groupAllows(s.sgIn, p, s.serverPort, s.peer);
    if (!aclOk || !sgOk)
      return {
        accepted: [false],
        withRules: aclOk ? "REFUSED_BY_SECURITY_GROUP" : "REFUSED_BY_NETWORK_ACL",
        fromRecords: "REFUSED_INBOUND",
      };
    // Security groups are stateful: only the ACL can refuse the reply.
    const replyOk = aclAllows(s.aclOut, p, s.clientPort, s.peer);
    const verdict = replyOk ? "CONNECTED" : "REPLY_REFUSED_BY_ACL_OUTBOUND";
    return { accepted: [true, replyOk], withRules: verdict, fromRecords: verdict, ...(replyOk ? {} : { replyRule: replyRule(s.aclOut) }) };
  }
  const sgOk = groupAllows(s.sgOut, p, s.serverPort, s.peer);
  const aclOk = aclAllows(s.aclOut, p, s.serverPort, s.peer);
  if (!sgOk || !aclOk)
    return { accepted: [false], withRules: sgOk ? "REFUSED_BY_NETWORK_ACL" : "REFUSED_BY_SECURITY_GROUP", fromRecords: "REFUSED_OUTBOUND" };
  const replyOk = aclAllows(s.aclIn, p, s.clientPort, s.peer);
  const verdict = replyOk ? "CONNECTED" : "REPLY_REFUSED_BY_ACL_INBOUND";
  return { accepted: [true, replyOk], withRules: verdict, fromRecords: verdict, ...(replyOk ? {} : { replyRule: replyRule(s.aclIn) }) };
}

const peerArb = fc.oneof(
  fc.integer({ min: 1, max: 254 }).map((n) => `203.0.113.${n}`),
  fc.integer({ min: 1, max: 254 }).map((n) => `10.0.2.${n}`),
);
const SERVER_PORTS = [22, 53, 80, 123, 443, 3389, 5432, 8080];

export function scenarioArb(publicPeer: boolean): fc.Arbitrary<Scenario> {
  const peer = publicPeer ? fc.integer({ min: 1, max: 254 }).map((n) => `203.0.113.${n}`) : peerArb;
  return peer.chain((p) => {
    const cidr = fc.constantFrom<Cidr>(
      "0.0.0.0/0",
      `${p}/32`,
      `${p.split(".").slice(0, 3).join(".")}.0/24`,
      "198.51.100.0/24",
      "10.9.9.9/32",
    );
    const range = fc.oneof(
      fc.constantFrom(...SERVER_PORTS).map((n) => [n, n] as const),
      fc.constant([1024, 65535] as const),
      fc.constant([0, 65535] as const),
      fc
        .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
    );
    const rule = fc
      .record({ protocol: fc.constantFrom<6 | 17 | 1 | -1>(6, 17, 1, -1), range, cidr })
      .map((r): Rule => ({ protocol: r.protocol, from: r.range[0], to: r.range[1], cidr: r.cidr }));
    const entries = fc
      .uniqueArray(fc.record({ number: fc.integer({ min: 1, max: 32766 }), allow: fc.boolean(), rule }), {
        maxLength: 4,
        selector: (e) => e.number,
      })
      .map((es) => es.map((e): AclEntry => ({ ...e.rule, number: e.number, allow: e.allow })));
    return (
      fc
        .record({
          peer: fc.constant(p),
          protocol: fc.constantFrom<6 | 17 | 1>(6, 17, 1),
          // One scenario in five under Block Public Access.
          bpa: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
          serves: fc.boolean(),
          serverPort: fc.constantFrom(...SERVER_PORTS),
          clientPort: fc.integer({ min: 32768, max: 60999 }),
          sgIn: fc.array(rule, { maxLength: 3 }),
          sgOut: fc.oneof(fc.constant([{ protocol: -1, from: 0, to: 65535, cidr: "0.0.0.0/0" }]), fc.array(rule, { maxLength: 3 })),
          aclIn: entries,
          aclOut: entries,
        })
        // ICMP has no ports: flow logs write 0 for both.
        .map((s) => (s.protocol === 1 ? { ...s, serverPort: 0, clientPort: 0 } : s))
    );
  });
}

/**
 * The records AWS would write for the scenario, in the default format and the reason of a
 * reject (version 8), on interface `eni` from second `start`.
 */
export function recordsOf(s: Scenario, eni = ENI, start = 1700000000): string[] {
  const { accepted, bpa } = model(s);
  const [client, server] = s.serves ? [s.peer, OWN] : [OWN, s.peer];
  // reject-reason: BPA for Block Public Access, "-" for any other reason and for what was accepted.
  const line = (src: string, dst: string, sp: number, dp: number, ok: boolean) =>
    `8 123456789012 ${eni} ${src} ${dst} ${sp} ${dp} ${s.protocol} 3 180 ${start} ${start + 60} ${ok ? "ACCEPT" : "REJECT"} OK ${!ok && bpa ? "BPA" : "-"}`;
  const out = [line(client, server, s.clientPort, s.serverPort, accepted[0])];
  if (accepted.length > 1) out.push(line(server, client, s.serverPort, s.clientPort, accepted[1]));
  return out;
}
