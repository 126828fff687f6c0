import { allocateSubnets, formatCidr, parseCidr } from "../../constructs/shared/cidr";

describe("CIDR arithmetic", () => {
  test("parses network addresses and formats them back", () => {
    for (const text of ["10.10.0.0/16", "192.168.4.0/22", "172.31.255.240/28", "0.0.0.0/0"]) {
      const c = parseCidr(text);
      expect("error" in c).toBe(false);
      expect(formatCidr(c as { base: number; prefix: number })).toBe(text);
    }
  });

  test.each([
    ["10.10.0.0", "not of the form"],
    ["10.10.0.0/33", "above 32"],
    ["256.0.0.0/8", "above 255"],
    ["10.01.0.0/16", "leading zero"],
    ["10.10.0.1/16", "10.10.0.0/16"],
  ])("rejects %s", (text, reason) => {
    const c = parseCidr(text);
    expect("error" in c && c.error).toContain(reason);
  });

  test("allocates aligned, non-overlapping blocks in request order", () => {
    const vpc = parseCidr("10.30.0.0/16") as { base: number; prefix: number };
    const blocks = allocateSubnets(vpc, [24, 20, 24, 20])!.map(formatCidr);
    expect(blocks).toEqual(["10.30.32.0/24", "10.30.0.0/20", "10.30.33.0/24", "10.30.16.0/20"]);
  });

  test("returns null when the blocks do not fit", () => {
    const vpc = parseCidr("10.0.0.0/24") as { base: number; prefix: number };
    expect(allocateSubnets(vpc, [25, 25])).not.toBeNull();
    expect(allocateSubnets(vpc, [25, 25, 28])).toBeNull();
    expect(allocateSubnets(vpc, [23])).toBeNull();
  });

  test("every allocated block lies inside the parent and none overlap (exhaustive over small cases)", () => {
    const vpc = parseCidr("10.0.0.0/20") as { base: number; prefix: number };
    for (let n = 1; n <= 6; n++) {
      for (const [a, b] of [
        [24, 26],
        [22, 28],
        [21, 24],
        [23, 23],
      ]) {
        const prefixes = [...Array(n).fill(a), ...Array(n).fill(b)];
        const blocks = allocateSubnets(vpc, prefixes);
        const need = prefixes.reduce((sum, p) => sum + 2 ** (32 - p), 0);
        if (need > 4096) {
          expect(blocks).toBeNull();
          continue;
        }
        expect(blocks).not.toBeNull();
        const ranges = blocks!.map((c) => [c.base, c.base + 2 ** (32 - c.prefix)]).sort((x, y) => x[0] - y[0]);
        ranges.forEach(([start, end], i) => {
          expect(start).toBeGreaterThanOrEqual(vpc.base);
          expect(end).toBeLessThanOrEqual(vpc.base + 4096);
          expect(start % (end - start)).toBe(0);
          if (i > 0) expect(start).toBeGreaterThanOrEqual(ranges[i - 1][1]);
        });
      }
    }
  });
});
