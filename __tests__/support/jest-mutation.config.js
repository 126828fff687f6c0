// Jest as the mutation runs use it (stryker.config.mjs gives each module's test files as testMatch).
// The roots take in the source folders: Stryker runs, for each mutant, the test files that import
// the mutated file (jest's findRelatedTests), which needs every module between them in jest's map.
const path = require("node:path");
const common = require("./jest-common");

module.exports = {
  ...common,
  rootDir: path.join(__dirname, "..", ".."),
  roots: ["__tests__", "constructs", "analysis", "tools", "environments"].map((folder) => `<rootDir>/${folder}`),
};
