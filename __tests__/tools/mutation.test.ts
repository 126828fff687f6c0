/**
 * Mutation testing's own parts: the score of a module from Stryker's JSON report, what passes
 * against the target and a floor, and a module table whose every glob names files that exist
 * (a glob that matches nothing would hold nothing to a score, silently).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compact, scores, verdict } = require("../../scripts/mutation.js") as {
  compact: (report: Record<string, unknown>) => Record<string, unknown>;
  scores: (report: unknown) => { all: Tally; files: Record<string, Tally> };
  verdict: (score: number, target: number, floor?: number) => string | undefined;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MODULES, TARGET } = require("../../mutation/modules.js") as {
  MODULES: { name: string; what: string; mutate: string[]; tests: string[]; floor?: number; pending?: string }[];
  TARGET: number;
};

interface Tally {
  detected: number;
  undetected: number;
  ignored: number;
  score: number;
}

const report = (files: Record<string, string[]>) => ({
  files: Object.fromEntries(Object.entries(files).map(([name, statuses]) => [name, { mutants: statuses.map((status) => ({ status })) }])),
});

/** The files a glob of the module table names (a `*` stands for any characters but `/`; `!` excludes). */
function matches(pattern: string): string[] {
  const dir = path.join(root, path.dirname(pattern));
  const name = new RegExp(`^${path.basename(pattern).replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}$`);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => name.test(f)) : [];
}

describe("a module's score", () => {
  test("killed and timed-out mutants are detected; survivors and mutants no test reaches are not; the rest do not count", () => {
    const { all, files } = scores(
      report({
        "a.ts": ["Killed", "Killed", "Timeout", "Survived"],
        "b.ts": ["NoCoverage", "Ignored", "CompileError", "RuntimeError", "Pending", "Killed"],
      }),
    );
    expect(files["a.ts"]).toEqual({ detected: 3, undetected: 1, ignored: 0, score: 75 });
    expect(files["b.ts"]).toEqual({ detected: 1, undetected: 1, ignored: 1, score: 50 });
    expect(all).toEqual({ detected: 4, undetected: 2, ignored: 1, score: (100 * 4) / 6 });
  });

  test("a file whose mutants are all ignored has no score, and does not change the module's", () => {
    const { all, files } = scores(report({ "a.ts": ["Killed"], "b.ts": ["Ignored", "Ignored"] }));
    expect(files["b.ts"].score).toBeNaN();
    expect(all.score).toBe(100);
  });

  test("the target passes at and above it; under it, a floor lets a module stand at or above its floor", () => {
    expect(verdict(80, 80)).toBeUndefined();
    expect(verdict(95.5, 80)).toBeUndefined();
    expect(verdict(79.99, 80)).toBe("under the target of 80 %");
    expect(verdict(72, 80, 72)).toBeUndefined();
    expect(verdict(71.9, 80, 72)).toBe("under its floor of 72 % (the target is 80 %)");
    expect(verdict(Number.NaN, 80)).toBe("no mutant was run");
  });
});

test("a result as committed keeps what the next run reads, without messages, the machine's root or the options", () => {
  const mutant = {
    id: "1",
    mutatorName: "StringLiteral",
    replacement: '""',
    status: "Killed",
    static: false,
    location: {},
    coveredBy: ["0"],
    killedBy: ["0"],
  };
  const report = {
    schemaVersion: "2",
    thresholds: { high: 80, low: 80 },
    projectRoot: "/home/someone/tree",
    config: { concurrency: 2 },
    files: {
      "a.ts": {
        language: "typescript",
        source: "x",
        mutants: [
          { ...mutant, statusReason: "Error: expected 1 at /home/someone/tree/a.ts:3" },
          // As an incremental run writes a survivor: an empty list of killing tests, the fields in another order.
          { status: "Survived", killedBy: [], id: "2", coveredBy: ["0"] },
        ],
      },
      "0.ts": {
        language: "typescript",
        source: "y",
        mutants: [
          { id: "10", status: "Killed" },
          { id: "9", status: "Killed" },
        ],
      },
    },
    testFiles: { "a.test.ts": { source: "t", tests: [{ id: "0", name: "t" }] } },
  };
  const compacted = compact(structuredClone(report));
  expect(JSON.stringify((compacted.files as Record<string, { mutants: unknown[] }>)["a.ts"].mutants[1])).toBe(
    '{"coveredBy":["0"],"id":"2","status":"Survived"}',
  );
  // Files by name, mutants by number.
  expect(Object.keys(compacted.files as object)).toEqual(["0.ts", "a.ts"]);
  expect((compacted.files as Record<string, { mutants: { id: string }[] }>)["0.ts"].mutants.map((m) => m.id)).toEqual(["9", "10"]);
  expect(compacted).toEqual({
    schemaVersion: "2",
    thresholds: { high: 80, low: 80 },
    files: {
      "a.ts": { language: "typescript", source: "x", mutants: [mutant, { coveredBy: ["0"], id: "2", status: "Survived" }] },
      "0.ts": {
        language: "typescript",
        source: "y",
        mutants: [
          { id: "9", status: "Killed" },
          { id: "10", status: "Killed" },
        ],
      },
    },
    testFiles: report.testFiles,
  });
});

describe("the module table", () => {
  test("every module names what it holds, files that exist to mutate and test files that exist to hold them", () => {
    expect(TARGET).toBe(80);
    expect(new Set(MODULES.map((m) => m.name)).size).toBe(MODULES.length);
    for (const m of MODULES) {
      const mutated = m.mutate.filter((p) => !p.startsWith("!")).flatMap(matches);
      const tests = m.tests.flatMap(matches);
      expect([m.name, m.what.length > 0, mutated.length > 0, tests.length > 0]).toEqual([m.name, true, true, true]);
      for (const excluded of m.mutate.filter((p) => p.startsWith("!")))
        expect([m.name, matches(excluded.slice(1)).length]).toEqual([m.name, 1]);
      // A floor is a module under the target; a module measured has its result committed.
      if (m.floor !== undefined) expect([m.name, m.floor < TARGET]).toEqual([m.name, true]);
      if (!m.pending) expect([m.name, fs.existsSync(path.join(root, "mutation", `${m.name}.json`))]).toEqual([m.name, true]);
    }
  });
});
