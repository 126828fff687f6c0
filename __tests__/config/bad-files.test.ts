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

  test.each([
    [
      "0, a number a YAML file may hold",
      "monitoring:\n  alarms:\n    rejectedPackets:\n      threshold: 0\n",
      ["monitoring", "alarms", "rejectedPackets", "threshold"],
      0,
    ],
    [
      "12 digits that are a byte count, not an account",
      "flowLogs:\n  destinations:\n    - type: s3\n      athena:\n        bytesScannedCutoffPerQuery: 107374182400\n",
      ["flowLogs", "destinations", 0, "athena", "bytesScannedCutoffPerQuery"],
      107374182400,
    ],
    ["11 digits", "promotionOrder: 12345678901\n", ["promotionOrder"], 12345678901],
    ["an account id quoted", 'vpcs:\n  - accountId: "012345678901"\n', ["vpcs", 0, "accountId"], "012345678901"],
  ])("YAML numbers are numbers: %s", (_name, more, at, value) => {
    fs.writeFileSync(path.join(dir, "qa.yaml"), `${yamlOf("qa", '"123456789012"')}${more}`);
    const [qa] = loadEnvironmentFiles(dir, "environments");
    expect(at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], qa)).toBe(value);
  });

  test.each([
    [
      "a leading zero in a list",
      "tags:\n  Codes:\n    - 0123\n",
      'tags.Codes[0] = 0123: YAML reads unquoted digits as a number (123); quote it: "0123"',
    ],
    [
      "an account id in a list of objects",
      "vpcs:\n  - accountId: 222222222222\n",
      'vpcs[0].accountId = 222222222222: YAML reads unquoted digits as a number (222222222222); quote it: "222222222222"',
    ],
    ["infinity", "promotionOrder: -.inf\n", "promotionOrder = -.inf: not a finite number"],
  ])("YAML digits that were text, named by their path: %s", (_name, more, message) => {
    expect(problems({ "qa.yaml": `${yamlOf("qa", '"123456789012"')}${more}` })).toEqual([`environments/qa.yaml: ${message}`]);
  });

  test.each([
    [
      "a key twice in an object in a list",
      '{"name": "qa", "vpcs": [{"a": 1, "b": {}, "a": 2}]}',
      ["vpcs[0].a: written twice in one object (JSON would keep the last); write it once"],
    ],
    ["a number no number holds in a list", '{"name": "qa", "l": [1, [], -1e400]}', ["l[2] = -1e400: not a finite number"]],
    [
      "keys with escaped quotes and backslashes, told apart as JSON reads them",
      '{"name": "qa", "k\\"ey": "v\\\\", "k\\u0022ey": 1, "s": "1e400"}',
      ['k"ey: written twice in one object (JSON would keep the last); write it once'],
    ],
    [
      "empty objects and lists, signed and fractional numbers",
      '{ "name" : "qa" , "o" : { } , "l" : [ ] , "n" : -12.5e3 , "t" : true , "z" : null }',
      [],
    ],
    [
      "two problems in one file, in the order written",
      '{"name": "qa", "a": 1e999, "a": 2}',
      ["a = 1e999: not a finite number", "a: written twice in one object (JSON would keep the last); write it once"],
    ],
  ])("JSON that JSON.parse takes silently: %s", (_name, text, messages) => {
    expect(problems({ "qa.json": text })).toEqual(messages.map((m) => `environments/qa.json: ${m}`));
  });

  test.each([
    ["a string", '"qa"', "got string"],
    ["a number", "7", "got number"],
    ["null", "null", "got null"],
  ])("a file that holds %s is refused", (_name, text, got) => {
    expect(problems({ "qa.json": text })).toEqual([`environments/qa.json: expected an environment (an object of fields), ${got}`]);
  });

  test("a JSON syntax error names the file", () => {
    expect(problems({ "qa.json": '{"name": "qa",}' })).toEqual([expect.stringMatching(/^environments\/qa\.json: not valid JSON: \S/)]);
  });

  test("every file's problems at once, in file-name order", () => {
    expect(problems({ "b.json": "[]", "a.json": "7", "Z.yml": "name: Z\n" }).map((p) => p.split(":")[0])).toEqual([
      "environments/Z.yml",
      "environments/a.json",
      "environments/b.json",
    ]);
  });

  test("$schema is the editor's, not a field; a folder that is not there has no environments", () => {
    fs.writeFileSync(path.join(dir, "qa.json"), json("qa", { $schema: "../schema/environment.schema.json" }));
    const [qa] = loadEnvironmentFiles(dir, "environments");
    expect(qa).not.toHaveProperty("$schema");
    expect(qa).toEqual({ ...BASE_ENVIRONMENT, name: "qa" });
    expect(loadEnvironmentFiles(path.join(dir, "missing"))).toEqual([]);
  });

  test("messages name the folder by its path from the working directory, unless told how", () => {
    fs.writeFileSync(path.join(dir, "QA.json"), "{}");
    expect(() => loadEnvironmentFiles(dir)).toThrow(`${path.relative(process.cwd(), dir)}/QA.json: not an environment's file name`);
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
