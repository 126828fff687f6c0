/**
 * An hour of a small VPC's records, in the default format, for the docs' picture of a
 * report: two web servers answering clients from the internet, their NTP (one reply refused by
 * the ACL), SSH and RDP scans refused, a nightly backup pushed to another network, a ping whose
 * reply is refused, a late reply. Deterministic: the same lines every run.
 */

/** The sample's record lines, oldest first. */
export function sampleRecords(): string[] {
  const start = 1764288000; // 2025-11-28 00:00 UTC
  const lines: { at: number; text: string }[] = [];
  const rec = (
    eni: string,
    src: string,
    dst: string,
    sp: number,
    dp: number,
    p: number,
    packets: number,
    bytes: number,
    at: number,
    action: string,
  ) => lines.push({ at, text: `2 123456789010 ${eni} ${src} ${dst} ${sp} ${dp} ${p} ${packets} ${bytes} ${at} ${at + 60} ${action} OK` });
  const web = [
    { eni: "eni-0a1b2c3d4e5f60001", own: "10.0.1.10" },
    { eni: "eni-0a1b2c3d4e5f60002", own: "10.0.2.10" },
  ];
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let minute = 0; minute < 60; minute++) {
    const at = start + minute * 60;
    for (const w of web) {
      // Clients of the web servers: a few per minute, some heavy.
      for (let k = 0; k < 3 + next(4); k++) {
        const client = `203.0.113.${10 + next(40)}`;
        const port = 40000 + next(20000);
        const down = 20_000 + next(400_000);
        rec(w.eni, client, w.own, port, 443, 6, 12, 1_800 + next(4_000), at, "ACCEPT");
        rec(w.eni, w.own, client, 443, port, 6, 30, down, at, "ACCEPT");
      }
      if (minute % 15 === 0) {
        rec(w.eni, w.own, "169.254.169.123", 40123, 123, 17, 1, 76, at, "ACCEPT");
        rec(w.eni, "169.254.169.123", w.own, 123, 40123, 17, 1, 76, at, "ACCEPT");
      }
    }
    // SSH and RDP scans from two sources, refused.
    if (minute % 2 === 0) rec(web[0].eni, "198.51.100.7", web[0].own, 52000 + minute, 22, 6, 1, 44, at, "REJECT");
    if (minute % 5 === 0) rec(web[1].eni, "192.0.2.33", web[1].own, 41000 + minute, 3389, 6, 2, 88, at, "REJECT");
    // NTP to a public server whose replies the ACL refuses, from 00:20 on.
    if (minute >= 20 && minute % 4 === 0) {
      rec(web[1].eni, web[1].own, "203.0.113.123", 38000 + minute, 123, 17, 1, 76, at, "ACCEPT");
      rec(web[1].eni, "203.0.113.123", web[1].own, 123, 38000 + minute, 17, 1, 76, at, "REJECT");
    }
  }
  // The backup: one large transfer out at 00:30.
  rec("eni-0a1b2c3d4e5f60003", "10.0.3.20", "192.0.2.44", 44100, 443, 6, 600_000, 820_000_000, start + 1800, "ACCEPT");
  rec("eni-0a1b2c3d4e5f60003", "192.0.2.44", "10.0.3.20", 443, 44100, 6, 90_000, 4_000_000, start + 1800, "ACCEPT");
  // A ping whose reply is refused, and a late reply.
  rec(web[0].eni, web[0].own, "203.0.113.50", 0, 0, 1, 1, 84, start + 600, "ACCEPT");
  rec(web[0].eni, "203.0.113.50", web[0].own, 0, 0, 1, 1, 84, start + 600, "REJECT");
  rec(web[0].eni, "198.51.100.1", web[0].own, 443, 40001, 6, 1, 40, start + 1200, "REJECT");
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
}
