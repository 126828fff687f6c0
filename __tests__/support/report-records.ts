/**
 * Records for the report's tests and what a report of them must show: the explain tests'
 * classic cases plus one large transfer, the aggregate as the report command gathers it, and
 * an oracle computed straight from the lines, apart from the code under test.
 */
import { explainRecords, ExplainedConversation, RecordExplainer, RuleSet, RulesJudge } from "../../analysis/explain";
import { SENTENCES } from "../../analysis/explain/sentences";
import { RecordFormat } from "../../constructs/records/record-format";
import { ReportAggregate, TOP } from "../../analysis/report/aggregate";
import { serverPortOf, SERVICES } from "../../constructs/records/vocabulary";

export const ENI = "eni-1235b8ca123456789";
/** A default-format record of one minute, one packet, log status OK. */
export const line = (
  eni: string,
  src: string,
  dst: string,
  sp: number,
  dp: number,
  p: number,
  bytes: number,
  start: number,
  action: string,
) => `2 123456789010 ${eni} ${src} ${dst} ${sp} ${dp} ${p} 1 ${bytes} ${start} ${start + 60} ${action} OK`;

/** The classic cases (a refused HTTP request, an NTP reply refused, an SSH scan, HTTPS that worked) and one large transfer. */
export const CLASSIC = [
  line(ENI, "203.0.113.12", "172.31.16.139", 49761, 80, 6, 4249, 1418530010, "REJECT"),
  line(ENI, "172.31.16.139", "203.0.113.12", 35521, 123, 17, 76, 1418530010, "ACCEPT"),
  line(ENI, "203.0.113.12", "172.31.16.139", 123, 35521, 17, 76, 1418530010, "REJECT"),
  line(ENI, "198.51.100.7", "172.31.16.139", 52100, 22, 6, 44, 1418530070, "REJECT"),
  line(ENI, "198.51.100.7", "172.31.16.139", 52101, 22, 6, 44, 1418530370, "REJECT"),
  line(ENI, "203.0.113.20", "172.31.16.139", 50000, 443, 6, 4200, 1418530070, "ACCEPT"),
  line(ENI, "172.31.16.139", "203.0.113.20", 443, 50000, 6, 9800, 1418530070, "ACCEPT"),
  // The large transfer: a backup pushed out.
  line("eni-0fffffffffffffff0", "10.0.1.5", "192.0.2.44", 41000, 443, 6, 750_000_000, 1418530400, "ACCEPT"),
  line("eni-0fffffffffffffff0", "192.0.2.44", "10.0.1.5", 443, 41000, 6, 2_000_000, 1418530400, "ACCEPT"),
];

/** The aggregate of records, as the report command gathers it. */
export function aggregateOf(lines: readonly string[], rules?: RuleSet, format = RecordFormat.DEFAULT) {
  const aggregate = new ReportAggregate();
  const explainer = new RecordExplainer({
    format,
    records: false,
    observe: (r) => aggregate.observe(r),
    ...(rules ? { rules: new RulesJudge(rules), interfaceAddresses: rules.interfaceAddresses() } : {}),
  });
  const out: ReturnType<typeof explainRecords> = [];
  lines.forEach((l, i) => explainer.read(l, i + 1, undefined, undefined, out));
  explainer.finish(out);
  for (const e of out) if (e.kind === "conversation") aggregate.add(e);
  return aggregate.data(0, SENTENCES.en);
}

/** The oracle: each figure straight from the lines. */
export function reportOracle(lines: readonly string[]) {
  const all = lines.map((l) => l.split(" "));
  // A record without data (NODATA, SKIPDATA) is counted and shows in no figure.
  const recs = all
    .filter((v) => v[13] === "OK")
    .map((v) => {
      return {
        eni: v[2],
        src: v[3],
        dst: v[4],
        sp: Number(v[5]),
        dp: Number(v[6]),
        p: Number(v[7]),
        bytes: Number(v[9]),
        start: Number(v[10]),
        action: v[12],
      };
    });
  const pairs = new Map<string, { source: string; destination: string; bytes: number; flows: number }>();
  for (const r of recs) {
    const k = `${r.src}>${r.dst}`;
    const t = pairs.get(k) ?? { source: r.src, destination: r.dst, bytes: 0, flows: 0 };
    t.bytes += r.bytes;
    t.flows++;
    pairs.set(k, t);
  }
  const bins = new Map<number, { start: number; flows: number; rejected: number }>();
  for (const r of recs) {
    const s = Math.floor(r.start / 300) * 300;
    const b = bins.get(s) ?? { start: s, flows: 0, rejected: 0 };
    b.flows++;
    if (r.action === "REJECT") b.rejected++;
    bins.set(s, b);
  }
  const ports = new Map<string, { port: number; protocol: number; service?: string; bytes: number; flows: number }>();
  for (const r of recs) {
    const port = serverPortOf(r.sp, r.dp) ?? r.dp;
    if (!(port > 0)) continue;
    const k = `${r.p}/${port}`;
    const t = ports.get(k) ?? { port, protocol: r.p, ...(SERVICES[port] ? { service: SERVICES[port] } : {}), bytes: 0, flows: 0 };
    t.bytes += r.bytes;
    t.flows++;
    ports.set(k, t);
  }
  const conversations = explainRecords(lines, { format: RecordFormat.DEFAULT }).filter(
    (e): e is ExplainedConversation => e.kind === "conversation",
  );
  const perInterface = new Map<string, number>();
  for (const c of conversations)
    perInterface.set(`${c.interfaceId} ${c.verdict}`, (perInterface.get(`${c.interfaceId} ${c.verdict}`) ?? 0) + 1);
  return {
    topTalkers: [...pairs.values()]
      .sort(
        (a, b) => b.bytes - a.bytes || b.flows - a.flows || a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination),
      )
      .slice(0, TOP),
    overTime: [...bins.values()].sort((a, b) => a.start - b.start),
    verdicts: [...perInterface]
      .map(([k, n]) => ({ interfaceId: k.split(" ")[0], verdict: k.split(" ")[1], conversations: n }))
      .sort((a, b) => a.interfaceId.localeCompare(b.interfaceId) || a.verdict.localeCompare(b.verdict)),
    topPorts: [...ports.values()]
      .sort((a, b) => b.bytes - a.bytes || b.flows - a.flows || a.port - b.port || a.protocol - b.protocol)
      .slice(0, TOP),
    records: lines.length,
    conversations: conversations.length,
  };
}
