/**
 * Flow-log record lines for the explain benchmark: conversations of 50 interfaces with 2,000
 * peers, request and reply, some refused, in default format, time moving on a minute every
 * 2,000 records (as a busy VPC's log does), so that conversations settle as they would.
 */

/** `count` record lines, in chunks of `chunk` lines (newline-terminated). */
export function* generatedRecordChunks(count: number, chunk = 1000): Generator<string> {
  let lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const conversation = i >> 1;
    const eni = `eni-${(conversation % 50).toString(16).padStart(17, "0")}`;
    const own = `10.0.${conversation % 50}.${10 + (conversation % 200)}`;
    const peer = `203.0.${(conversation >> 8) % 256}.${conversation % 250}`;
    const clientPort = 32768 + (conversation % 28000);
    const serverPort = [443, 80, 22, 123, 5432][conversation % 5];
    const protocol = serverPort === 123 ? 17 : 6;
    const start = 1700000000 + Math.floor(i / 2000) * 60;
    const refused = conversation % 7 === 0;
    const request = i % 2 === 0;
    const [src, dst, sp, dp] = request ? [peer, own, clientPort, serverPort] : [own, peer, serverPort, clientPort];
    const action = refused && request ? "REJECT" : refused ? "ACCEPT" : "ACCEPT";
    if (refused && !request) continue;
    lines.push(`2 123456789012 ${eni} ${src} ${dst} ${sp} ${dp} ${protocol} 10 4200 ${start} ${start + 60} ${action} OK`);
    if (lines.length === chunk) {
      yield lines.join("\n") + "\n";
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join("\n") + "\n";
}
