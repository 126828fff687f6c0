/**
 * Verdicts on the networks people run: interfaces that have no security group (NAT gateways,
 * transit gateway attachments, load balancers without groups), ICMP and ICMPv6 rules by type
 * and code (which records do not carry), filters that choose what is shown and never what it
 * is judged from, VPC Block Public Access where the record format cannot rule it out, and the
 * connection-tracking timeout of the protocol (and of the interface, where its file gives it).
 */
import { explainRecords, ExplainedConversation, recordView, RulesJudge, type Explained, type ExplainOptions } from "../../analysis/explain";
import { EXPLAIN_USAGE, explainArguments } from "../../analysis/explain/arguments";
import { RecordFormat } from "../../constructs/records/record-format";
import { ruleSet } from "../support/rule-sets";
import { runExplainCommand } from "../support/explain-run";

const conversations = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
const DEFAULT = RecordFormat.DEFAULT;
/** The default format and the reason of a reject (version 8). */
const V8 = RecordFormat.parse([...DEFAULT.fields, "reject-reason"].join(" "));

const NAT_ENI = "eni-0natnatnatnatnat0";
const NAT = "10.0.0.9";
const WEB_ENI = "eni-0webwebwebwebweb0";
const WEB = "10.0.1.5";
const INTERNET = "203.0.113.12";
const T = 1432917027;

/** A default-format record on an interface. */
const rec = (eni: string, src: string, dst: string, sp: number, dp: number, p: number, action: string, start = T) =>
  `2 123456789010 ${eni} ${src} ${dst} ${sp} ${dp} ${p} 4 336 ${start} ${start + 60} ${action} OK`;

const ALLOW_ALL_ACL = [
  { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
  { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
  { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0" },
  { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "0.0.0.0/0" },
];

/** A NAT gateway's interface as describe-network-interfaces prints it: no group. */
const natInterface = (type = "natGateway", extra: Record<string, unknown> = {}) => ({
  NetworkInterfaceId: NAT_ENI,
  SubnetId: "subnet-0a",
  InterfaceType: type,
  Groups: [],
  PrivateIpAddresses: [{ PrivateIpAddress: NAT }],
  ...extra,
});

/** A web server's interface with group sg-0web. */
const webInterface = (extra: Record<string, unknown> = {}) => ({
  NetworkInterfaceId: WEB_ENI,
  SubnetId: "subnet-0a",
  Groups: [{ GroupId: "sg-0web" }],
  PrivateIpAddresses: [{ PrivateIpAddress: WEB }],
  ...extra,
});

const ALL_OUT = { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
const webGroup = (inbound: unknown[]) => ({ GroupId: "sg-0web", GroupName: "web", IpPermissions: inbound, IpPermissionsEgress: [ALL_OUT] });

function judge(
  lines: string[],
  rules: ReturnType<typeof ruleSet>,
  format = DEFAULT,
  more: Partial<ExplainOptions> = {},
): ExplainedConversation[] {
  return conversations(
    explainRecords(lines, { format, rules: new RulesJudge(rules), interfaceAddresses: rules.interfaceAddresses(), ...more }),
  );
}

describe("an interface without a security group", () => {
  test("an inbound reject on a NAT gateway's interface behind an allow-all ACL is not put on a security group", () => {
    const rules = ruleSet([], ALLOW_ALL_ACL, [natInterface()]);
    const [c] = judge([rec(NAT_ENI, INTERNET, NAT, 40000, 22, 6, "REJECT")], rules);
    expect(c.verdict).toBe("REFUSED_THOUGH_RULES_ALLOW");
    // The default format cannot rule Block Public Access out; nothing else of the rules given refuses it.
    expect(c.layers).toEqual(["block-public-access"]);
    expect(c.sentence).toBe(
      `${INTERNET}:40000 → ${NAT}:22 (ssh): rejected, yet the rules given let it through. ` +
        `Interface ${NAT_ENI} (a NAT gateway's interface) has no security group, so no security group refused it. ` +
        "Network ACL acl-0app, inbound: rule 100 matched first and allows it. " +
        "A NAT gateway takes no connection from outside: it carries only the replies to connections made through it. " +
        "VPC Block Public Access may have blocked it (the peer's address is public and the record format has no reject-reason field to tell); otherwise the rules changed since these records.",
    );
    expect(c.sentence).not.toMatch(/rule of {2}allows/);
  });

  test("with a reject-reason that rules Block Public Access out, no layer is left; an ACL that denies is named alone", () => {
    const rules = ruleSet([], ALLOW_ALL_ACL, [natInterface()]);
    const [open] = judge([`${rec(NAT_ENI, INTERNET, NAT, 40000, 22, 6, "REJECT")} -`], rules, V8);
    expect(open).toMatchObject({ verdict: "REFUSED_THOUGH_RULES_ALLOW", layers: [] });
    const denying = ruleSet(
      [],
      [
        { RuleNumber: 90, Protocol: "6", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 22, To: 22 } },
        ...ALLOW_ALL_ACL,
      ],
      [natInterface()],
    );
    const [acl] = judge([`${rec(NAT_ENI, INTERNET, NAT, 40000, 22, 6, "REJECT")} -`], denying, V8);
    expect(acl).toMatchObject({ verdict: "REFUSED_BY_NETWORK_ACL", layers: ["network-acl"] });
    expect(acl.sentence).toContain(
      "has no security group, so no security group refused it. Network ACL acl-0app, inbound: rule 90 matched first and denies it.",
    );
  });

  test("a reply refused on a NAT gateway's interface whose ACL allows it is never put on a security group's tracking", () => {
    const rules = ruleSet([], ALLOW_ALL_ACL, [natInterface()]);
    const [c] = judge(
      [`${rec(NAT_ENI, NAT, INTERNET, 1025, 123, 17, "ACCEPT")} -`, `${rec(NAT_ENI, INTERNET, NAT, 123, 1025, 17, "REJECT")} -`],
      rules,
      V8,
    );
    expect(c.verdict).toBe("REFUSED_THOUGH_RULES_ALLOW");
    expect(c.layers).toEqual([]);
    expect(c.sentence).not.toContain("stopped tracking");
  });

  test.each([
    ["transit_gateway", "a transit gateway attachment's interface"],
    ["transitGateway", "a transit gateway attachment's interface"],
    ["gateway_load_balancer_endpoint", "a Gateway Load Balancer endpoint's interface"],
    ["network_load_balancer", "a Network Load Balancer's interface"],
    ["some_new_type", undefined],
  ])("InterfaceType %s (either spelling) is named as %s", (type, kind) => {
    const rules = ruleSet([], ALLOW_ALL_ACL, [natInterface(type)]);
    const [c] = judge([`${rec(NAT_ENI, "10.9.9.9", NAT, 40000, 443, 6, "REJECT")} -`], rules, V8);
    expect(c.verdict).toBe("REFUSED_THOUGH_RULES_ALLOW");
    expect(c.sentence).toContain(
      kind ? `Interface ${NAT_ENI} (${kind}) has no security group` : `Interface ${NAT_ENI} has no security group`,
    );
    expect(c.sentence).not.toContain("NAT gateway takes no connection");
  });

  test("when the ACL is not in the files, only the ACL (and Block Public Access) is left, never a group", () => {
    const rules = ruleSet([], ALLOW_ALL_ACL, [{ ...natInterface(), SubnetId: "subnet-0other" }]);
    const [c] = judge([rec(NAT_ENI, INTERNET, NAT, 40000, 22, 6, "REJECT")], rules);
    // The ACL cannot be decided; Block Public Access cannot be ruled out: both stay open.
    expect(c).toMatchObject({ verdict: "REFUSED_INBOUND", layers: ["network-acl", "block-public-access"], basis: "rules" });
    expect(c.sentence).toContain("The network ACL's inbound rules or VPC Block Public Access refused it");
    expect(c.sentence).toContain("No network ACL of subnet-0other is in the files.");
    const [v8] = judge([`${rec(NAT_ENI, INTERNET, NAT, 40000, 22, 6, "REJECT")} -`], rules, V8);
    // The ACL alone is left: by elimination, it refused.
    expect(v8).toMatchObject({ verdict: "REFUSED_BY_NETWORK_ACL", layers: ["network-acl"] });
  });
});

describe("ICMP rules by type and code", () => {
  const echo = (action: string) => rec(WEB_ENI, INTERNET, WEB, 0, 0, 1, action);
  const icmpAcl = (n: number, type: number, code: number, action: "allow" | "deny") => ({
    RuleNumber: n,
    Protocol: "1",
    RuleAction: action,
    Egress: false,
    CidrBlock: "0.0.0.0/0",
    IcmpTypeCode: { Type: type, Code: code },
  });

  test("an ACL entry that denies one ICMP type does not decide an echo a group that allows all ICMP refused", () => {
    // Rule 90 denies only type 5 (redirect); the group allows all ICMP: the packets must have been of type 5.
    const rules = ruleSet(
      [webGroup([{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])],
      [icmpAcl(90, 5, -1, "deny"), ...ALLOW_ALL_ACL],
      [webInterface()],
    );
    const [c] = judge([`${echo("REJECT")} -`], rules, V8);
    expect(c).toMatchObject({ verdict: "REFUSED_BY_NETWORK_ACL", layers: ["network-acl"] });
    expect(c.sentence).toBe(
      `${INTERNET} → ${WEB} (ICMP): refused by the network ACL. Flow-log records do not carry the ICMP type, and the rules given depend on it. ` +
        "If the packets were ICMP type 5: Network ACL acl-0app, inbound: rule 90 matched first and denies it.",
    );
  });

  test("a group that allows only ICMP type 3 code 4 (path MTU) refuses a ping: the group, not 'either layer'", () => {
    const rules = ruleSet(
      [webGroup([{ IpProtocol: "icmp", FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])],
      ALLOW_ALL_ACL,
      [webInterface()],
    );
    const [c] = judge([`${echo("REJECT")} -`], rules, V8);
    expect(c).toMatchObject({ verdict: "REFUSED_BY_SECURITY_GROUP", layers: ["security-group"] });
    expect(c.sentence).toContain(
      "Unless the packets were ICMP type 3 code 4: No inbound rule of sg-0web allows it (security groups only allow; what no rule allows is refused).",
    );
  });

  test("where the type decides between the layers, both stay open and each rule is named with its type", () => {
    const rules = ruleSet(
      [webGroup([{ IpProtocol: "icmp", FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])],
      [icmpAcl(90, 8, -1, "deny"), ...ALLOW_ALL_ACL],
      [webInterface()],
    );
    const [c] = judge([`${echo("REJECT")} -`], rules, V8);
    expect(c).toMatchObject({ verdict: "REFUSED_INBOUND", layers: ["security-group", "network-acl"], basis: "rules" });
    expect(c.sentence).toContain(
      "The security group's inbound rules or the network ACL's inbound rules refused it; the rules given cannot tell which.",
    );
    expect(c.sentence).toContain("If the packets were ICMP type 8: Network ACL acl-0app, inbound: rule 90 matched first and denies it.");
    expect(c.sentence).toContain("No inbound rule of sg-0web allows it");
    expect(c.sentence).not.toMatch(/1024-65535|port/);
  });

  test("ICMPv6: the same rules by type, and advice without ports", () => {
    const rules = ruleSet(
      [webGroup([{ IpProtocol: "icmpv6", FromPort: 128, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: "::/0" }] }])],
      [
        {
          RuleNumber: 100,
          Protocol: "58",
          RuleAction: "allow",
          Egress: false,
          Ipv6CidrBlock: "::/0",
          IcmpTypeCode: { Type: 128, Code: -1 },
        },
        { RuleNumber: 32768, Protocol: "-1", RuleAction: "deny", Egress: false, Ipv6CidrBlock: "::/0" },
        { RuleNumber: 32768, Protocol: "-1", RuleAction: "deny", Egress: true, Ipv6CidrBlock: "::/0" },
      ],
      [webInterface({ Ipv6Addresses: [{ Ipv6Address: "2001:db8::5" }] })],
    );
    // An echo request (type 128) gets through; its reply is refused on the way out by the final rule.
    const lines = [
      rec(WEB_ENI, "2001:db8:1::9", "2001:db8::5", 0, 0, 58, "ACCEPT"),
      rec(WEB_ENI, "2001:db8::5", "2001:db8:1::9", 0, 0, 58, "REJECT"),
    ];
    const [c] = judge(lines, rules);
    expect(c).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_OUTBOUND", protocol: "ICMPv6" });
    expect(c.sentence).toContain("they must allow ICMPv6 to 2001:db8:1::9 (ICMPv6 has no ports; an ACL's ICMPv6 rule is by type and code)");
    expect(c.sentence).toContain("Network ACL acl-0app, outbound: rule * matched first and denies it.");
    expect(c.sentence).not.toMatch(/1024-65535|\]:0|port 0/);
    const [records] = conversations(explainRecords(lines, { format: DEFAULT }));
    expect(records.sentence).not.toMatch(/1024-65535|\]:0/);
  });
});

describe("filters choose what is shown, never what it is judged from", () => {
  const ntp = [rec(WEB_ENI, WEB, INTERNET, 35521, 123, 17, "ACCEPT"), rec(WEB_ENI, INTERNET, WEB, 123, 35521, 17, "REJECT", T + 60)];

  test("--action REJECT keeps the accepted request of a conversation whose reply was refused", async () => {
    const { stdout } = await runExplainCommand(explainArguments(["--action", "REJECT"]), ntp.join("\n"));
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
    expect(stdout).not.toContain("LATE_REPLY_OR_SCAN");
    // The accepted request is not shown as a record: only the rejected one.
    expect(stdout.split("\n").filter((l) => /^line \d+:/.test(l))).toEqual([expect.stringMatching(/^line 2: .*REJECTED/)]);
  });

  test("--since after the request's window: the conversation overlaps it and is judged whole", async () => {
    const { stdout } = await runExplainCommand(explainArguments(["--since", String(T + 90)]), ntp.join("\n"));
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
  });

  test("a conversation outside the window, or without a record of the action, is not shown", () => {
    const view = recordView({ since: T + 3600 })!;
    expect(conversations(explainRecords(ntp, { format: DEFAULT, view }))).toEqual([]);
    const accepted = recordView({ action: "ACCEPT" })!;
    const refusedOnly = [rec(WEB_ENI, INTERNET, WEB, 40000, 22, 6, "REJECT")];
    expect(conversations(explainRecords(refusedOnly, { format: DEFAULT, view: accepted }))).toEqual([]);
    expect(conversations(explainRecords(ntp, { format: DEFAULT, view: accepted })).map((c) => c.verdict)).toEqual([
      "REPLY_REFUSED_BY_ACL_INBOUND",
    ]);
  });

  test("--help says what each filter selects", () => {
    expect(() => explainArguments(["--action", "REJECT"])).not.toThrow();
    expect(EXPLAIN_USAGE).toContain("--since, --until and --action choose which records and conversations are shown");
    expect(EXPLAIN_USAGE).toContain("--address and --interface select whole conversations");
  });
});

describe("VPC Block Public Access", () => {
  test("an accepted request whose reply was rejected with reject-reason BPA is put on Block Public Access, not the ACL", () => {
    const lines = [
      `${rec(WEB_ENI, WEB, INTERNET, 35521, 443, 6, "ACCEPT")} -`,
      `${rec(WEB_ENI, INTERNET, WEB, 443, 35521, 6, "REJECT")} BPA`,
    ];
    for (const order of [lines, [...lines].reverse()]) {
      const [c] = conversations(explainRecords(order, { format: V8 }));
      expect(c).toMatchObject({ verdict: "REFUSED_BY_BLOCK_PUBLIC_ACCESS", layers: ["block-public-access"] });
      expect(c.client).toEqual({ address: WEB, port: 35521 });
    }
  });

  test("the sentence says what Block Public Access is: an account-and-Region setting with exclusions", () => {
    const [c] = conversations(explainRecords([`${rec(WEB_ENI, INTERNET, WEB, 40000, 443, 6, "REJECT")} BPA`], { format: V8 }));
    expect(c.sentence).toContain("a setting of the account and Region");
    expect(c.sentence).toContain("exclusion");
    expect(c.sentence).not.toContain("the VPC or subnet blocks");
  });

  test("a reply refused from a public address in a format without reject-reason: the ACL, or Block Public Access instead", () => {
    const lines = [rec(WEB_ENI, WEB, INTERNET, 35521, 443, 6, "ACCEPT"), rec(WEB_ENI, INTERNET, WEB, 443, 35521, 6, "REJECT")];
    const [c] = conversations(explainRecords(lines, { format: DEFAULT }));
    expect(c).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_INBOUND", layers: ["network-acl", "block-public-access"] });
    expect(c.sentence).toContain("VPC Block Public Access may also have blocked the reply");
  });
});

describe("connection tracking, per protocol", () => {
  const reply = (p: number) => [rec(WEB_ENI, WEB, INTERNET, 35521, 443, p, "ACCEPT"), rec(WEB_ENI, INTERNET, WEB, 443, 35521, p, "REJECT")];

  test.each([
    [6, "432,000 s (5 days) for an established TCP connection by default, 350 s on Nitro v6 instance types"],
    [17, "30 s for UDP by default, 180 s for a UDP stream"],
    [132, "600 s for a protocol other than TCP, UDP and ICMP"],
  ])("protocol %i: the reply-refused sentence quotes %s", (p, timeout) => {
    const [c] = conversations(explainRecords(reply(p), { format: DEFAULT }));
    expect(c.sentence).toContain(`its idle timeout: ${timeout}`);
    if (p !== 17) expect(c.sentence).not.toContain("30 s for UDP");
  });

  test("the interface's own ConnectionTrackingConfiguration is quoted where the file gives it", () => {
    const rules = ruleSet(
      [webGroup([])],
      [
        { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
        { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
      ],
      [webInterface({ ConnectionTrackingConfiguration: { TcpEstablishedTimeout: 3600, UdpTimeout: 60, UdpStreamTimeout: 120 } })],
    );
    const [udp] = judge(reply(17), rules);
    expect(udp.verdict).toBe("REPLY_REFUSED_BY_SECURITY_GROUP");
    expect(udp.sentence).toContain("after its idle timeout: 60 s for UDP on this interface, 120 s for a UDP stream");
    expect(udp.sentence).toContain("Network ACL acl-0app, inbound: rule 100 matched first and allows it.");
    const [tcp] = judge(reply(6), rules);
    expect(tcp.sentence).toContain("after its idle timeout: 3,600 s for an established TCP connection on this interface");
  });
});

describe("a lone record from the server's side", () => {
  test("SYN-ACK from a port that is not a known service: the server is the sender, the client the receiver", () => {
    const format = RecordFormat.parse([...DEFAULT.fields, "tcp-flags"].join(" "));
    const line = `${rec(WEB_ENI, WEB, INTERNET, 8500, 51000, 6, "ACCEPT")} 18`;
    const [c] = conversations(explainRecords([line], { format }));
    expect(c).toMatchObject({
      verdict: "REQUEST_NOT_SEEN",
      client: { address: INTERNET, port: 51000 },
      server: { address: WEB, port: 8500 },
    });
  });
});
