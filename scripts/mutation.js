#!/usr/bin/env node
/**
 * `npm run test:mutation [-- <module>...] [--full] [--scores]`: mutation testing of the modules
 * mutation/modules.js lists, one Stryker run per module, then each module's score from its JSON
 * report, checked against the target.
 *
 * By default a run is incremental: it reuses the committed result of each module
 * (mutation/<module>.json) for every mutant whose file and tests are unchanged, and runs the
 * others. `--full` runs every mutant (Stryker's --force); do that after a change of a
 * dependency, of jest's or Stryker's configuration, or of code the tests of a module read that
 * is not itself mutated: an incremental run does not see those. `--scores` runs nothing and
 * reports the last run's scores.
 *
 * A module fails when its score is under the target, or under its floor while it has one (a
 * module below the target, named in the config with the score it has reached: it may not fall).
 * A module marked pending in the config (not measured yet) is skipped, and said so, unless named.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");

const root = path.join(__dirname, "..");

/** Mutant states that count: detected, not detected; the others (ignored, compile and runtime errors, pending) do not. */
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/**
 * The score of a mutation-testing report (Stryker's JSON reporter, mutation-testing-report-schema),
 * per file and in all: the mutants detected of those detected or not, in percent.
 */
function scores(report) {
  const tally = () => ({ detected: 0, undetected: 0, ignored: 0, score: NaN });
  const all = tally();
  const files = {};
  for (const [name, file] of Object.entries(report.files)) {
    const t = (files[name] = tally());
    for (const m of file.mutants) {
      for (const x of [t, all]) {
        if (DETECTED.has(m.status)) x.detected++;
        else if (UNDETECTED.has(m.status)) x.undetected++;
        else if (m.status === "Ignored") x.ignored++;
      }
    }
  }
  for (const t of [all, ...Object.values(files)]) {
    const valid = t.detected + t.undetected;
    t.score = valid === 0 ? NaN : (100 * t.detected) / valid;
  }
  return { all, files };
}

/**
 * A run's result as committed: without what the next run does not read and that changes with
 * the machine (each failure's message and stack, the absolute root, the options), a fifth of the
 * size; files, mutants and each mutant's fields in one order, and no empty list of killing tests
 * (a full run writes none, an incremental one an empty one), so that a run that finds the same
 * writes the same bytes.
 */
function compact(report) {
  const kept = { ...report };
  delete kept.config;
  delete kept.projectRoot;
  kept.files = Object.fromEntries(
    Object.keys(kept.files)
      .sort()
      .map((name) => [name, kept.files[name]]),
  );
  for (const file of Object.values(kept.files)) {
    file.mutants = [...file.mutants]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((m) => {
        const rest = { ...m };
        delete rest.statusReason;
        if (Array.isArray(rest.killedBy) && rest.killedBy.length === 0) delete rest.killedBy;
        return Object.fromEntries(
          Object.keys(rest)
            .sort()
            .map((k) => [k, rest[k]]),
        );
      });
  }
  return kept;
}

/** What a module's score says against the target and its floor: undefined when it passes. */
function verdict(score, target, floor) {
  if (Number.isNaN(score)) return "no mutant was run";
  if (score >= target) return undefined;
  if (floor === undefined) return `under the target of ${target} %`;
  if (score < floor) return `under its floor of ${floor} % (the target is ${target} %)`;
  return undefined;
}

const USAGE = `npm run test:mutation [-- <module>...] [--full] [--scores]

  Mutation testing of the modules mutation/modules.js lists (all but those not measured yet,
  or the ones named), one Stryker run each, then each module's score against the target.
  By default incremental: the committed result of each module (mutation/<module>.json) is
  reused for every mutant whose code and tests are unchanged.

  --full     run every mutant (after a change of a dependency, of jest's or Stryker's
             configuration, or of code the tests read that is not mutated)
  --scores   run nothing; the scores of the last run (reports/mutation/<module>.json)

  docs/development.md, "Mutation testing": the modules, their scores, how long a run takes.`;

const percent = (n) => (Number.isNaN(n) ? "-" : `${n.toFixed(2)} %`);

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      full: { type: "boolean", default: false },
      scores: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { MODULES, TARGET } = require("../mutation/modules.js");
  const unknown = positionals.filter((p) => !MODULES.some((m) => m.name === p));
  if (unknown.length > 0) {
    console.error(`test:mutation: no module ${unknown.join(", ")}: expected one of ${MODULES.map((m) => m.name).join(", ")}`);
    process.exitCode = 2;
    return;
  }
  // A module not yet measured (no committed result) is run only when named: a first run is a full one (minutes to hours).
  const chosen = positionals.length > 0 ? MODULES.filter((m) => positionals.includes(m.name)) : MODULES.filter((m) => !m.pending);
  for (const m of positionals.length > 0 ? [] : MODULES.filter((m) => m.pending)) {
    console.log(`test:mutation: ${m.name} is not measured yet: ${m.pending}. Its first run: npm run test:mutation -- ${m.name} --full`);
  }
  const missing = chosen.filter((m) => !m.pending && !values.full && !fs.existsSync(path.join(root, "mutation", `${m.name}.json`)));
  if (missing.length > 0) {
    console.error(
      `test:mutation: no committed result for ${missing.map((m) => `mutation/${m.name}.json`).join(", ")}: run it with --full and commit the file`,
    );
    process.exitCode = 1;
    return;
  }
  // The package's exports name no bin: its folder, from its package.json.
  const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json", { paths: [root] })), "bin", "stryker.js");
  const times = {};
  if (!values.scores) {
    for (const m of chosen) {
      console.log(`\n== ${m.name}: ${m.what}`);
      const started = Date.now();
      const run = spawnSync(process.execPath, [stryker, "run", ...(values.full ? ["--force"] : [])], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, MUTATION_MODULE: m.name },
      });
      times[m.name] = (Date.now() - started) / 1000;
      if (run.status !== 0) {
        console.error(`test:mutation: Stryker failed on ${m.name} (exit ${run.status ?? run.signal})`);
        process.exitCode = 1;
        return;
      }
      const result = path.join(root, "mutation", `${m.name}.json`);
      fs.writeFileSync(result, JSON.stringify(compact(JSON.parse(fs.readFileSync(result, "utf8")))) + "\n");
    }
  }
  console.log(`\nMutation scores (target ${TARGET} %):`);
  let failed = 0;
  for (const m of chosen) {
    const file = path.join(root, "reports", "mutation", `${m.name}.json`);
    if (!fs.existsSync(file)) {
      console.log(`  ${m.name}: no report (${path.relative(root, file)}): run it first`);
      failed++;
      continue;
    }
    const { all, files } = scores(JSON.parse(fs.readFileSync(file, "utf8")));
    const problem = verdict(all.score, TARGET, m.floor);
    if (problem) failed++;
    const time = times[m.name] === undefined ? "" : `, ${times[m.name].toFixed(0)} s`;
    const ignored = all.ignored ? `, ${all.ignored} recorded as equivalent` : "";
    console.log(
      `  ${problem ? "FAIL" : "ok  "} ${m.name}: ${percent(all.score)} (${all.detected} of ${all.detected + all.undetected}${ignored}${time})${problem ? `: ${problem}` : ""}`,
    );
    for (const [name, t] of Object.entries(files)) console.log(`         ${percent(t.score).padStart(8)}  ${name}`);
  }
  if (failed > 0) {
    console.error(`test:mutation: ${failed} module(s) fail`);
    process.exitCode = 1;
  }
}

module.exports = { compact, scores, verdict };

if (require.main === module) {
  main();
}
