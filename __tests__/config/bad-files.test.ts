/**
 * Environment files as a team of fifty accounts writes them, and the mistakes a parser would
 * take silently: each refused with a message naming the file, the path and the value as written.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { ConfigError, loadEnvironmentFiles, validateEnvironments, withSource } from "../../constructs";
import { SecurityFindingsError } from "../../constructs/guardrails/security-rules";
import { BASE_ENVIRONMENT } from "../support/environment";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-env-files-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = (name: string, fields: Record<string, unknown> = {}) => JSON.stringify({ ...BASE_ENVIRONMENT, name, ...fields }, null, 2);
const yamlOf = (name: string, accountId: string) => `name: ${name}\naccountId: ${accountId}\nregion: ap-northeast-1\n`;

/** The problems loading the folder gives (none: []). */
function problems(files: Record<string, string>): readonly string[] {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    loadEnvironmentFiles(dir, "environments");
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
}

describe("data files refused with a message, never skipped or read wrong", () => {
  test.each([
    [
      "a data file whose name is no environment's (upper case)",
      { "QA.yaml": yamlOf("QA", '"123456789012"') },
      /^environments\/QA\.yaml: not an environment's file name: a data file is named after its environment, lower-case letters, digits and hyphens/,
    ],
    [
      "a name with an underscore",
      { "qa_east.yaml": yamlOf("qa_east", '"123456789012"') },
      /^environments\/qa_east\.yaml: not an environment's file name/,
    ],
    [
      "a JSON key written twice",
      { "qa.json": json("qa").replace('"name": "qa"', '"name": "qa",\n  "region": "us-east-1"') },
      /^environments\/qa\.json: region: written twice in one object \(JSON would keep the last\); write it once$/,
    ],
    [
      "a number no number holds, in JSON",
      { "qa.json": json("qa", { promotionOrder: 7 }).replace('"promotionOrder": 7', '"promotionOrder": 1e400') },
      /^environments\/qa\.json: promotionOrder = 1e400: not a finite number$/,
    ],
    [
      "a number no number holds, in YAML",
      { "qa.yaml": `${yamlOf("qa", '"123456789012"')}promotionOrder: .nan\n` },
      /^environments\/qa\.yaml: promotionOrder = \.nan: not a finite number$/,
    ],
    [
      "an account id unquoted in YAML, with a leading zero",
      { "qa.yaml": yamlOf("qa", "012345678901") },
      /^environments\/qa\.yaml: accountId = 012345678901: YAML reads unquoted digits as a number \(12345678901\); quote it: "012345678901"$/,
    ],
    [
      "an account id unquoted in YAML",
      { "qa.yaml": yamlOf("qa", "123456789012") },
      /accountId = 123456789012: .*quote it: "123456789012"$/,
    ],
  ])("%s", (_name, files, message) => {
    const found = problems(files);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test("a TypeScript file and other files in the folder are not data files", () => {
    expect(problems({ "dev.ts": "export {};", "README.txt": "notes" })).toEqual([]);
  });

  test("a JSON file with a byte-order mark loads, as YAML does", () => {
    fs.writeFileSync(path.join(dir, "qa.json"), `\uFEFF${json("qa")}`);
    fs.writeFileSync(path.join(dir, "qb.yaml"), `\uFEFF${yamlOf("qb", '"123456789012"')}`);
    expect(loadEnvironmentFiles(dir, "environments").map((e) => e.name)).toEqual(["qa", "qb"]);
  });

  test("one name in two files: each named by its file", () => {
    fs.writeFileSync(path.join(dir, "qa.yaml"), json("qa"));
    fs.writeFileSync(path.join(dir, "qa.yml"), json("qa"));
    const envs = loadEnvironmentFiles(dir, "environments");
    expect(() => validateEnvironments(envs)).toThrow(
      'environments/qa.yml: name = "qa": also the name of environments/qa.yaml; each environment needs its own name',
    );
    const fromTypeScript = withSource({ ...BASE_ENVIRONMENT, name: "qa" }, "environments/qa.ts");
    expect(() => validateEnvironments([fromTypeScript, envs[0]])).toThrow(
      'environments/qa.yaml: name = "qa": also the name of environments/qa.ts',
    );
  });
});

describe("the library's errors read as their message", () => {
  test("printed, a config error or a security finding is its message once: no frames, its data not again beside it", () => {
    for (const error of [
      new ConfigError("Invalid environment files:\n  - environments/QA.yaml: not an environment's file name", ["a problem"]),
      new SecurityFindingsError("prod", ["ERROR [prod/x]: NM-LOG-RETENTION (Security Hub CloudWatch.16): retention 30 days"]),
    ]) {
      const printed = inspect(error);
      expect(printed).not.toMatch(/^\s+at /m);
      expect(printed).not.toMatch(/problems:|findings:/);
      expect(printed.split(error.message.split("\n")[0]).length - 1).toBe(1);
    }
    // Code still reads the data.
    expect(new ConfigError("m", ["p"]).problems).toEqual(["p"]);
  });
});
