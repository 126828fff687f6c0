/**
 * Three projects, chosen by folder: `unit` (in-process, seconds: `npm run test:unit`), every test
 * under __tests__/ but __tests__/engines/ and __tests__/terraform/; `engines` (other engines and
 * programs: Athena's SQL run on DuckDB over Parquet and text archives, Chromium, Prettier;
 * `npm run test:engines`), the tests of __tests__/engines/; and `terraform` (real Terraform, a local S3 server, npm pack
 * and install, the compiled scripts: minutes), the tests of __tests__/terraform/. A new slow test
 * goes in one of those folders; no list names them. `npm test` runs all three. Type checking is
 * `tsc` in `npm test` (__tests__/terraform/typecheck.test.ts); here each file is only transpiled.
 * @type {import('jest').Config}
 */
const common = require("./__tests__/support/jest-common");

/** The projects; `TEST_PROJECT=unit` (npm run test:unit), `=engines` or `=terraform` keeps one, and the arguments stay jest's own. */
const projects = [
  {
    ...common,
    displayName: "unit",
    testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
    testPathIgnorePatterns: ["<rootDir>/__tests__/terraform/", "<rootDir>/__tests__/engines/"],
  },
  { ...common, displayName: "engines", testMatch: ["<rootDir>/__tests__/engines/**/*.test.ts"] },
  { ...common, displayName: "terraform", testMatch: ["<rootDir>/__tests__/terraform/**/*.test.ts"] },
];
const only = process.env.TEST_PROJECT;
if (only !== undefined && !projects.some((p) => p.displayName === only)) {
  throw new Error(`TEST_PROJECT=${only}: expected one of ${projects.map((p) => p.displayName).join(", ")}`);
}

module.exports = {
  maxWorkers: 2,
  // Terraform runs take seconds each (a global option: projects do not take it).
  testTimeout: 240000,
  // One directory per run where test files share the Terraform plans they both need.
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  projects: only === undefined ? projects : projects.filter((p) => p.displayName === only),
};
