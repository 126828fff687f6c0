// Mutation testing (`npm run test:mutation`, scripts/mutation.js), one module of
// mutation/modules.js at a time: MUTATION_MODULE names it (unset, every module at once).
// @ts-check
import { createRequire } from "node:module";
import process from "node:process";

const { MODULES, TARGET } = createRequire(import.meta.url)("./mutation/modules.js");

const name = process.env.MUTATION_MODULE;
const chosen = MODULES.find((m) => m.name === name);
if (name !== undefined && chosen === undefined) {
  throw new Error(`MUTATION_MODULE=${name}: expected one of ${MODULES.map((m) => m.name).join(", ")}`);
}
const modules = chosen ? [chosen] : MODULES;
const label = chosen ? chosen.name : "all";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "jest",
  plugins: ["@stryker-mutator/jest-runner"],
  coverageAnalysis: "perTest",
  mutate: modules.flatMap((m) => m.mutate),
  jest: {
    projectType: "custom",
    configFile: "__tests__/support/jest-mutation.config.js",
    config: { testMatch: modules.flatMap((m) => m.tests.map((t) => `<rootDir>/${t}`)) },
    enableFindRelatedTests: true,
  },
  concurrency: 2,
  // Mutant results of the last run, committed: a run reuses those whose file and tests are unchanged.
  incremental: true,
  incrementalFile: `mutation/${label}.json`,
  reporters: ["clear-text", "json", "progress"],
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  ignorePatterns: ["dist", "cdktf.out", "ci/cdktn/node_modules", "mutation", "reports", "coverage", ".terraform"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // A mutant's tests may take three times their time in the first run before it counts as timed
  // out: on two busy cores a slow test (an organisation of 500 members) is no endless loop.
  timeoutMS: 10000,
  timeoutFactor: 3,
  thresholds: { high: TARGET, low: TARGET, break: null },
};
