/**
 * Lean token-creation traces: while construction and synth run, a trace taken on a plain object
 * (as cdktf takes one for every token) keeps the app's nearest frame only; an Error's stack is
 * as before, a hook installed before is called for Errors and put back afterwards.
 */
import { withLeanTraces } from "../../constructs/shared/lean-traces";

/** A trace as cdktf's captureStackTrace takes it: on a plain object, every frame asked for. */
function tokenTrace(): string[] {
  const o = { stack: "" };
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
  Error.captureStackTrace(o, tokenTrace);
  Error.stackTraceLimit = limit;
  return o.stack.split("\n").slice(1);
}

describe("withLeanTraces", () => {
  test("a token's trace keeps one frame, the app's own line that made it; outside, every frame", () => {
    const full = tokenTrace();
    const lean = withLeanTraces(() => tokenTrace());
    expect(full.length).toBeGreaterThan(5);
    expect(lean).toHaveLength(1);
    expect(lean[0]).toMatch(/lean-traces\.test\.ts:\d+:\d+/);
    expect(lean[0]).not.toMatch(/node_modules/);
  });

  test("an Error's stack is what V8 writes without a hook, every frame", () => {
    const through = <T>(f: () => T): T => f();
    const plain = through(() => new Error("boom")).stack!.split("\n");
    const inside = withLeanTraces(() => new Error("boom")).stack!.split("\n");
    expect(inside[0]).toBe("Error: boom");
    expect(inside).toHaveLength(plain.length);
    // Frame by frame the same, but for the line of the call that differs (through or withLeanTraces).
    const differing = inside.filter((line, i) => line !== plain[i]);
    expect(differing.length).toBeLessThanOrEqual(3);
    expect(inside.slice(1).every((line) => line.startsWith("    at "))).toBe(true);
  });

  test("a hook installed before formats Errors inside, and is put back, also after a throw", () => {
    const hook = (e: Error) => `hooked: ${e.message}`;
    Error.prepareStackTrace = hook;
    try {
      expect(withLeanTraces(() => new Error("x")).stack).toBe("hooked: x");
      expect(() =>
        withLeanTraces(() => {
          throw new Error("inside");
        }),
      ).toThrow("inside");
      expect(Error.prepareStackTrace === hook).toBe(true);
    } finally {
      Reflect.deleteProperty(Error, "prepareStackTrace");
    }
  });

  test("nested, the outer call puts the hook back; NETWORK_MONITORING_FULL_TRACES=1 keeps every frame", () => {
    withLeanTraces(() => withLeanTraces(() => tokenTrace()));
    expect(Error.prepareStackTrace === undefined).toBe(true);
    process.env.NETWORK_MONITORING_FULL_TRACES = "1";
    try {
      expect(withLeanTraces(() => tokenTrace()).length).toBeGreaterThan(5);
    } finally {
      delete process.env.NETWORK_MONITORING_FULL_TRACES;
    }
  });
});
