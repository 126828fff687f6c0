/** Counts in bounded memory: exact while the keys fit; beyond, each figure low by at most the bound it reports. */
import fc from "fast-check";
import { BoundedTally } from "../../constructs/shared/bounded-tally";

const tally = (limit: number, items: readonly [string, number][]) => {
  const t = new BoundedTally<{ key: string; n: number }>(limit, (e) => e.n);
  for (const [key, n] of items) t.entry(key, () => ({ key, n: 0 })).n += n;
  return t;
};

test("while the keys fit (twice the limit), the tally is exact and says so", () => {
  const t = tally(2, [
    ["a", 5],
    ["b", 1],
    ["a", 2],
    ["c", 4],
  ]);
  expect(Object.fromEntries([...t.values()].map((e) => [e.key, e.n]))).toEqual({ a: 7, b: 1, c: 4 });
  expect(t.loss).toBeUndefined();
});

test("beyond, every figure kept is at most its true weight and at least that less the bound (all that was dropped); a key heavier than it is kept", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(..."abcdefghijklmnop".split("")), fc.integer({ min: 1, max: 50 })), { maxLength: 300 }),
      (items) => {
        const t = tally(3, items);
        const truth = new Map<string, number>();
        for (const [k, n] of items) truth.set(k, (truth.get(k) ?? 0) + n);
        const bound = t.loss?.bound ?? 0;
        const kept = new Map([...t.values()].map((e) => [e.key, e.n]));
        for (const [k, n] of kept) {
          expect(n).toBeLessThanOrEqual(truth.get(k)!);
          expect(n).toBeGreaterThanOrEqual(truth.get(k)! - bound);
        }
        // A key heavier than everything dropped is there.
        for (const [k, n] of truth) if (n > bound) expect(kept.has(k)).toBe(true);
        if (!t.loss) expect(kept).toEqual(truth);
      },
    ),
    { numRuns: 200 },
  );
});
