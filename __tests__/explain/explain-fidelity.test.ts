/**
 * Say only what the records support: each sentence the explanation says checked against what
 * the records (and, given, the rules) show, on the cases where an earlier reading claimed more:
 * flags judged over both sides, ICMP without ports, VPC Block Public Access, the one exception
 * to "only the ACL refuses a reply", a lone rejected packet from a service port, IPv6 ends, NAT
 * gateways, and a direction told by later records.
 */
import { explainRecords, ExplainedConversation, ExplainedRecord, parseFormat, RulesJudge, type Explained } from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";
import { ruleSet } from "../support/rule-sets";

const conversations = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
const records = (out: Explained[]) => out.filter((e): e is ExplainedRecord => e.kind === "record");
const ENI = "eni-1235b8ca123456789";
const T = "1432917027 1432917142";

describe("flags are judged per conversation, from both sides", () => {
  const format = parseFormat(
    "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags",
  );
  const line = (src: string, dst: string, sp: number, dp: number, flags: number) =>
    `2 ${ENI} ${src} ${dst} ${sp} ${dp} 6 1 40 ${T} ACCEPT OK ${flags}`;

  test("the client's SYN record of a connection that worked says nothing its verdict contradicts", () => {
    const out = explainRecords(
      [line("203.0.113.12", "172.31.16.139", 49761, 443, 2), line("172.31.16.139", "203.0.113.12", 443, 49761, 18)],
      {
        format,
      },
    );
    const [c] = conversations(out);
    expect(c.verdict).toBe("CONNECTED");
    for (const r of records(out)) expect(r.notes.join(" ")).not.toMatch(/not established|SYN-ACK/);
  });

  test("a SYN with no reply at all: the conversation says it was not established", () => {
    const [c] = conversations(explainRecords([line("172.31.16.139", "198.51.100.9", 40000, 443, 2)], { format }));
    expect(c.verdict).toBe("REPLY_NOT_SEEN");
    expect(c.sentence).toContain("The client sent SYN and no SYN-ACK is in these records: the connection was not established in them.");
  });
});

describe("ICMP has no ports", () => {
  test("a ping's reply refused: allow ICMP from the peer, by type and code, never ports", () => {
    const rec = (src: string, dst: string, action: string) => `2 123456789010 ${ENI} ${src} ${dst} 0 0 1 1 84 ${T} ${action} OK`;
    const [c] = conversations(
      explainRecords([rec("172.31.16.139", "203.0.113.12", "ACCEPT"), rec("203.0.113.12", "172.31.16.139", "REJECT")], {
        format: RecordFormat.DEFAULT,
      }),
    );
    expect(c.verdict).toBe("REPLY_REFUSED_BY_ACL_INBOUND");
    expect(c.sentence).toContain("they must allow ICMP from 203.0.113.12 (ICMP has no ports; an ACL's ICMP rule is by type and code)");
    expect(c.sentence).not.toMatch(/ports? \d|1024-65535|:0/);
  });
});

describe("VPC Block Public Access", () => {
  test("a record rejected with reject-reason BPA: the verdict is Block Public Access, not a security group or ACL", () => {
    const format = parseFormat(
      "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status reject-reason",
    );
    const out = explainRecords([`8 ${ENI} 203.0.113.12 172.31.16.139 49761 443 6 1 60 ${T} REJECT OK BPA`], { format, language: "en" });
    const [c] = conversations(out);
    expect(c.verdict).toBe("REFUSED_BY_BLOCK_PUBLIC_ACCESS");
    expect(c.sentence).toContain("refused by VPC Block Public Access");
    expect(records(out)[0].notes).toContain("Rejected because: VPC Block Public Access.");
    const ja = conversations(
      explainRecords([`8 ${ENI} 203.0.113.12 172.31.16.139 49761 443 6 1 60 ${T} REJECT OK BPA`], { format, language: "ja" }),
    );
    expect(ja[0].sentence).toContain("VPC ブロックパブリックアクセスが拒否しました");
  });
});

describe("a reply refused after an accepted request", () => {
  const pair = [
    `2 123456789010 ${ENI} 172.31.16.139 203.0.113.12 35521 123 17 1 76 ${T} ACCEPT OK`,
    `2 123456789010 ${ENI} 203.0.113.12 172.31.16.139 123 35521 17 1 76 ${T} REJECT OK`,
  ];

  test("from the records: the ACL, with the one exception named (connection tracking timed out, UDP 30 s by default)", () => {
    const [c] = conversations(explainRecords(pair, { format: RecordFormat.DEFAULT }));
    expect(c.verdict).toBe("REPLY_REFUSED_BY_ACL_INBOUND");
    expect(c.sentence).toContain("The one exception: a reply that came after the security group stopped tracking the connection");
    expect(c.sentence).toContain("30 s for UDP by default");
  });

  test("with rules whose ACL allows the reply: the security group, which had stopped tracking it", () => {
    const rules = ruleSet(
      [{ GroupId: "sg-1", IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }],
      [
        { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
        { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
      ],
      [
        {
          NetworkInterfaceId: ENI,
          SubnetId: "subnet-0a",
          Groups: [{ GroupId: "sg-1" }],
          PrivateIpAddresses: [{ PrivateIpAddress: "172.31.16.139" }],
        },
      ],
    );
    const [c] = conversations(
      explainRecords(pair, { format: RecordFormat.DEFAULT, rules: new RulesJudge(rules), interfaceAddresses: rules.interfaceAddresses() }),
    );
    expect(c.verdict).toBe("REPLY_REFUSED_BY_SECURITY_GROUP");
    expect(c.sentence).toContain("Network ACL acl-0app, inbound: rule 100 matched first and allows it.");
  });
});

describe("a lone rejected packet from a service port", () => {
  test("198.51.100.1:443 → 10.0.0.5:40001 rejected: a late reply or a scan, not a request to allow", () => {
    const [c] = conversations(
      explainRecords([`2 123456789010 ${ENI} 198.51.100.1 10.0.0.5 443 40001 6 1 40 ${T} REJECT OK`], { format: RecordFormat.DEFAULT }),
    );
    expect(c).toMatchObject({ verdict: "LATE_REPLY_OR_SCAN", server: { address: "198.51.100.1", port: 443 } });
    expect(c.sentence).toContain("a reply that came after its connection was forgotten");
    expect(c.sentence).toContain("or of a scan");
  });

  test("accepted, the same packet is a reply whose request is elsewhere", () => {
    const [c] = conversations(
      explainRecords([`2 123456789010 ${ENI} 198.51.100.1 10.0.0.5 443 40001 6 1 40 ${T} ACCEPT OK`], { format: RecordFormat.DEFAULT }),
    );
    expect(c.verdict).toBe("REQUEST_NOT_SEEN");
  });
});

describe("ends as AWS writes them", () => {
  test("IPv6 endpoints are bracketed before their port", () => {
    const out = explainRecords([`2 123456789010 ${ENI} 2001:db8::5 2001:db8:1::9 50001 443 6 1 40 ${T} REJECT OK`], {
      format: RecordFormat.DEFAULT,
    });
    expect(records(out)[0].sentence).toContain("[2001:db8::5]:50001 → [2001:db8:1::9]:443 (https)");
    expect(conversations(out)[0].sentence).toMatch(/^\[2001:db8::5\]:50001 → \[2001:db8:1::9\]:443 \(https\)/);
  });

  test("the IPv6 final rule (32768) is * too", () => {
    const rules = ruleSet(
      [{ GroupId: "sg-1", IpPermissions: [], IpPermissionsEgress: [] }],
      [
        { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, Ipv6CidrBlock: "::/0" },
        { RuleNumber: 32768, Protocol: "-1", RuleAction: "deny", Egress: false, Ipv6CidrBlock: "::/0" },
      ],
      [{ NetworkInterfaceId: ENI, SubnetId: "subnet-0a", Groups: [{ GroupId: "sg-1" }], Ipv6Addresses: [{ Ipv6Address: "2001:db8::5" }] }],
    );
    const [c] = conversations(
      explainRecords([`2 123456789010 ${ENI} 2001:db8:9::1 2001:db8::5 50001 443 6 1 40 ${T} REJECT OK`], {
        format: RecordFormat.DEFAULT,
        rules: new RulesJudge(rules),
        interfaceAddresses: rules.interfaceAddresses(),
      }),
    );
    expect(c.verdict).toBe("REFUSED_BY_NETWORK_ACL");
    expect(c.sentence).toContain("rule * matched first and denies it");
    expect(c.sentence).not.toContain("32768");
  });

  const nat = parseFormat(
    "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status pkt-srcaddr pkt-dstaddr flow-direction",
  );

  test("a NAT gateway's source port is a number, never a service, whatever shares it", () => {
    const [r] = records(
      explainRecords([`5 eni-0nat 10.0.0.9 93.184.216.34 3306 443 6 10 840 ${T} ACCEPT OK 10.0.1.5 93.184.216.34 egress`], { format: nat }),
    );
    expect(r.sentence).toContain("10.0.0.9:3306 → 93.184.216.34:443 (https)");
    expect(r.sentence).not.toContain("mysql");
    expect(r.service).toBe("https");
  });

  test("on a NAT gateway's interface the server is the real peer (pkt-dstaddr), not the gateway", () => {
    const [c] = conversations(
      explainRecords([`5 eni-0nat 10.0.1.5 10.0.0.9 41000 443 6 10 840 ${T} ACCEPT OK 10.0.1.5 93.184.216.34 ingress`], { format: nat }),
    );
    expect(c.server).toEqual({ address: "93.184.216.34", port: 443 });
    expect(c.client).toEqual({ address: "10.0.1.5", port: 41000 });
  });

  test("an interface's first record is not 'direction unknown' when its later records tell", () => {
    const rec = (src: string, dst: string, sp: number, dp: number) =>
      `2 123456789010 ${ENI} ${src} ${dst} ${sp} ${dp} 6 1 40 ${T} ACCEPT OK`;
    // Two private addresses: the first record alone cannot tell; the third shows 10.0.1.5 in every record.
    const out = explainRecords(
      [rec("10.0.1.5", "10.0.2.9", 41000, 5432), rec("10.0.2.9", "10.0.1.5", 5432, 41000), rec("10.0.1.5", "10.0.3.3", 41001, 443)],
      {
        format: RecordFormat.DEFAULT,
      },
    );
    expect(records(out).map((r) => [r.line, r.direction])).toEqual([
      [1, "outbound"],
      [2, "inbound"],
      [3, "outbound"],
    ]);
    expect(conversations(out).map((c) => [c.service, c.direction, c.verdict])).toEqual([
      ["postgresql", "outbound", "CONNECTED"],
      ["https", "outbound", "REPLY_NOT_SEEN"],
    ]);
  });

  test("when nothing ever tells, the records still come out, in order, direction unknown", () => {
    const rec = (sp: number) => `2 123456789010 ${ENI} 10.0.1.5 10.0.2.9 ${sp} 5432 6 1 40 ${T} ACCEPT OK`;
    const out = explainRecords([rec(41000), rec(41001)], { format: RecordFormat.DEFAULT });
    expect(records(out).map((r) => [r.line, r.direction])).toEqual([
      [1, "unknown"],
      [2, "unknown"],
    ]);
  });
});

describe("a conversation of many records", () => {
  test("lists its first few line numbers and counts them all", () => {
    const lines = Array.from(
      { length: 8 },
      (_, i) => `2 123456789010 ${ENI} 203.0.113.12 172.31.16.139 49761 80 6 1 40 ${1432917027 + i * 60} ${1432917087 + i * 60} REJECT OK`,
    );
    const [c] = conversations(explainRecords(lines, { format: RecordFormat.DEFAULT }));
    expect(c).toMatchObject({ lines: [1, 2, 3, 4, 5], records: 8, bytes: 320, packets: 8 });
  });
});
