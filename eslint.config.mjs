// Linting that catches bugs, not taste (Prettier owns the layout): type-aware rules for
// promises that are never awaited, values never used, `any` leaking into typed code, and
// comparisons that cannot be what was meant.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

const NODE_GLOBALS = { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" };

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "cdktf.out/**",
      "coverage/**",
      "reports/**",
      ".stryker-tmp/**",
      "**/node_modules/**",
      "examples/**/dist/**",
      "examples/**/cdktf.out/**",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unnecessary-condition": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Tests and the rule checks read synthesized JSON, which is `any` by nature.
    files: ["__tests__/**/*.ts", "constructs/guardrails/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    // A separate app with its own package.json, compiled and checked by __tests__/library.test.ts.
    files: ["examples/**/*.ts"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: NODE_GLOBALS } },
  prettier,
);
