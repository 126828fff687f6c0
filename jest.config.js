/**
 * Two projects: `unit` (in-process, seconds: `npm run test:unit`) and `terraform` (real
 * Terraform, a local S3 server, npm pack and install, the compiled scripts: minutes). `npm test` runs both.
 * Type checking is `tsc` in `npm test`; here each file is only transpiled.
 * @type {import('jest').Config}
 */
const SLOW = ["terraform", "plan-changes", "state-backend", "library", "scripts", "first-hour", "typecheck"].map(
  (name) => `<rootDir>/__tests__/${name}.test.ts`,
);
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
};

module.exports = {
  maxWorkers: 2,
  // Terraform runs take seconds each (a global option: projects do not take it).
  testTimeout: 240000,
  // One directory per run where test files share the Terraform plans they both need.
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/__tests__/**/*.test.ts"], testPathIgnorePatterns: SLOW },
    { ...common, displayName: "terraform", testMatch: SLOW },
  ],
};
