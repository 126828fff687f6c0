/**
 * What the numbers of a record mean: protocols by name, well-known ports by service, TCP flags,
 * private address ranges. Data, the same in every language (words are in sentences.ts).
 */

/** IANA protocol numbers a flow log commonly shows. */
export const PROTOCOLS: Readonly<Record<number, string>> = {
  1: "ICMP",
  6: "TCP",
  17: "UDP",
  47: "GRE",
  50: "ESP",
  58: "ICMPv6",
  132: "SCTP",
};

/** Well-known (and commonly used registered) ports by service name. */
export const SERVICES: Readonly<Record<number, string>> = {
  20: "ftp-data",
  21: "ftp",
  22: "ssh",
  23: "telnet",
  25: "smtp",
  53: "dns",
  67: "dhcp",
  68: "dhcp",
  80: "http",
  110: "pop3",
  123: "ntp",
  143: "imap",
  161: "snmp",
  389: "ldap",
  443: "https",
  445: "smb",
  465: "smtps",
  514: "syslog",
  587: "submission",
  636: "ldaps",
  993: "imaps",
  995: "pop3s",
  1433: "mssql",
  1521: "oracle",
  2049: "nfs",
  3306: "mysql",
  3389: "rdp",
  5432: "postgresql",
  5439: "redshift",
  5671: "amqps",
  6379: "redis",
  8080: "http-alt",
  8443: "https-alt",
  9092: "kafka",
  9200: "elasticsearch",
  11211: "memcached",
  27017: "mongodb",
};

/** The ports a client's side of a connection comes from (any port from 1024 up; Linux uses 32768-60999, Windows 49152-65535). */
export const EPHEMERAL_FROM = 1024;

/** Whether a port is one a server listens on: a named service or below 1024. */
export function isServicePort(port: number): boolean {
  return SERVICES[port] !== undefined || (port > 0 && port < EPHEMERAL_FROM);
}

/**
 * The server's port of a record: the service port facing an ephemeral one; of two service
 * ports, the one below 1024 (a NAT gateway's source ports are above it, whatever service
 * shares their number), then the destination's.
 */
export function serverPortOf(src: number | undefined, dst: number | undefined): number | undefined {
  // Each end judged once (this runs for every record the explainer and the report read).
  const srcServes = src !== undefined && isServicePort(src);
  const dstServes = dst !== undefined && isServicePort(dst);
  if (dstServes && !srcServes) return dst;
  if (srcServes && !dstServes) return src;
  if (!srcServes) return undefined;
  // Both serve (so both are given): the one below 1024, else the destination's.
  return src < EPHEMERAL_FROM && !(dst! < EPHEMERAL_FROM) ? src : dst;
}

/** TCP flags as flow logs record them, OR-ed over the aggregation window (VPC guide, "tcp-flags"). */
export const TCP_FLAGS = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 } as const;

/** A window with SYN and no ACK: the opening of a connection, not yet answered. */
export function isSynOnly(flags: number): boolean {
  return (flags & TCP_FLAGS.SYN) !== 0 && (flags & TCP_FLAGS.ACK) === 0;
}

/** A window with SYN and ACK: a server's answer to an opening. */
export function isSynAck(flags: number): boolean {
  return (flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === (TCP_FLAGS.SYN | TCP_FLAGS.ACK);
}

/** The names of the flags set in a tcp-flags value. */
export function flagNames(value: number): string[] {
  return Object.entries(TCP_FLAGS)
    .filter(([, bit]) => (value & bit) !== 0)
    .map(([name]) => name);
}

/** An IPv4 address's octet at `from` (up to its dot), or -1. */
function octet(address: string, from: number): number {
  let x = 0;
  let i = from;
  for (; i < address.length && i < from + 3; i++) {
    const c = address.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    x = x * 10 + c;
  }
  return i === from ? -1 : x;
}

/** Whether an address is private (RFC 1918, shared 100.64/10, link-local, IPv6 unique-local or link-local). */
export function isPrivateAddress(address: string): boolean {
  if (address.includes(":")) return /^(f[cd]|fe[89ab])/i.test(address);
  const dot = address.indexOf(".");
  const a = octet(address, 0);
  const b = dot < 0 ? -1 : octet(address, dot + 1);
  return (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254)
  );
}
