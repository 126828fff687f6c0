/**
 * The hash an open conversation is found by (conversations.ts): FNV-1a over its interface,
 * protocol and ends, computed from a record's own values, so that no key string is built.
 */

/** FNV-1a's prime and offset basis: a 32-bit hash mixed a character (or a small number) at a time. */
const FNV_PRIME = 16777619;
const FNV_BASIS = 2166136261;

/** `h` with the characters of `s` mixed in, then a separator (so that "ab","c" and "a","bc" differ). */
function mixText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return Math.imul(h ^ 0x20, FNV_PRIME);
}

/** `h` with a number below 2^32 mixed in. */
function mixNumber(h: number, n: number): number {
  return Math.imul(h ^ (n >>> 0), FNV_PRIME);
}

/**
 * The hash a conversation is found by: its interface, protocol and ends, the lower end first.
 * Computed from the record's own values, with no key string built (building and hashing one per
 * record was the explainer's largest single cost); equal hashes are told apart by the values.
 */
export function tupleHash(
  interfaceId: string,
  protocol: number,
  lowAddress: string,
  lowPort: number,
  highAddress: string,
  highPort: number,
): number {
  let h = mixText(FNV_BASIS, interfaceId);
  h = mixNumber(h, protocol);
  h = mixNumber(mixText(h, lowAddress), lowPort);
  // 30 bits: a small integer to V8 (a key of 32 bits would be a boxed number, allocated and hashed as a double).
  return mixNumber(mixText(h, highAddress), highPort) & 0x3fffffff;
}
