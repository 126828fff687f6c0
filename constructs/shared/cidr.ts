/** IPv4 CIDR arithmetic, done in TypeScript at synth time (no Terraform `cidrsubnet`). */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason instead when it is not a network address. */
export function parseCidr(text: string): Ipv4Cidr | { error: string } {
  const m = CIDR_RE.exec(text);
  if (!m) return { error: "not of the form a.b.c.d/n" };
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) {
    return { error: "an octet is above 255 or has a leading zero" };
  }
  const prefix = Number(m[5]);
  if (prefix > 32) return { error: "the prefix length is above 32" };
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const hostMask = prefix === 32 ? 0 : 2 ** (32 - prefix) - 1;
  if ((base & hostMask) >>> 0 !== 0) {
    return {
      error: `host bits are set (the network address is ${formatCidr({ base: (base & ~hostMask) >>> 0, prefix })})`,
    };
  }
  return { base, prefix };
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(c: Ipv4Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Number of addresses in a block. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Allocates blocks of the given prefix lengths inside `parent`, largest first so that every
 * block is aligned, packed from the start of `parent`. Returns the blocks in the order of
 * the request, or null when they do not fit.
 */
export function allocateSubnets(parent: Ipv4Cidr, prefixes: readonly number[]): Ipv4Cidr[] | null {
  const order = prefixes.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const result = new Array<Ipv4Cidr>(prefixes.length);
  let next = parent.base;
  const end = parent.base + blockSize(parent.prefix);
  for (const { p, i } of order) {
    if (p < parent.prefix || p > 32) return null;
    const size = blockSize(p);
    next = Math.ceil(next / size) * size;
    if (next + size > end) return null;
    result[i] = { base: next, prefix: p };
    next += size;
  }
  return result;
}
