// The jest options every project shares (jest.config.js), and the mutation runs' (stryker.config.mjs).
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
    // hyparquet ships ES modules only: compiled to CommonJS for jest's module system (Node loads it as it is).
    "/node_modules/hyparquet/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", target: "es2022" }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!hyparquet/)"],
};
