/**
 * The command runner of explain and report: one table of options per command, parsed by
 * `node:util`'s `parseArgs`; the usage and the messages of a bad command line come from it, and
 * name the command as the user ran it.
 */
import { closestOption, parseCommandLine, usage } from "../../analysis/command/runner";
import { EXPLAIN_COMMAND, explainArguments, SHIPPED_EXPLAIN_COMMAND } from "../../analysis/explain/arguments";
import { REPORT_COMMAND, reportArguments, SHIPPED_REPORT_COMMAND } from "../../analysis/report/command";

describe("usage from the options table", () => {
  test("each command's usage names it as it is run and lists only the options it takes", () => {
    const repository = usage(EXPLAIN_COMMAND);
    const shipped = usage(SHIPPED_EXPLAIN_COMMAND);
    expect(repository.split("\n")[0]).toBe("usage: npm run explain -- [options] [file or folder...]");
    expect(shipped.split("\n")[0]).toBe("usage: vpc-flow-log-explain [options] [file or folder...]");
    expect(repository).toMatch(/^ {2}--env <name> /m);
    expect(repository).not.toMatch(/--stack/);
    expect(shipped).toMatch(/^ {2}--stack <cdktf\.out\/stacks\/name> /m);
    expect(shipped).not.toMatch(/--env/);
    expect(shipped).not.toMatch(/npm run/);
    // Every option of the table is in the usage, with its value.
    for (const [name, o] of Object.entries(SHIPPED_EXPLAIN_COMMAND.options))
      expect(shipped).toContain(`--${name}${o.type === "string" ? ` ${o.value}` : ""}`);
    expect(usage(SHIPPED_REPORT_COMMAND).split("\n")[0]).toBe(
      "usage: vpc-flow-log-report [options] [file or folder...] --out <report.html>",
    );
    expect(usage(REPORT_COMMAND)).not.toMatch(/--json|--summary|--records/);
  });
});

describe("a bad command line, refused with a message", () => {
  test.each([
    [["--adress", "10.0.0.1"], /^unknown option --adress; did you mean --address\? \(npm run explain -- --help lists the options\)$/],
    [["--interfce", "eni-1"], /did you mean --interface\?/],
    [["--stack", "cdktf.out/stacks/dev"], /^unknown option --stack \(npm run explain -- --help/],
    [["--zzz"], /^unknown option --zzz \(/],
    [["--tz"], /^--tz needs a value/],
    [["--json=yes"], /^--json takes no value/],
    [["--lang", "fr"], /^--lang fr: expected en or ja$/],
    [["--summary", "--records"], /--summary and --records: give one/],
    [["--format", "version", "--env", "dev"], /--env and --format each give the record format: give one/],
  ])("npm run explain -- %j", (argv, message) => {
    expect(() => explainArguments(argv, new Map(), EXPLAIN_COMMAND)).toThrow(message);
  });

  test("the shipped command refuses --env, which it cannot serve, as an option it does not take", () => {
    expect(() => explainArguments(["--env", "dev"], new Map(), SHIPPED_EXPLAIN_COMMAND)).toThrow(
      /^unknown option --env \(vpc-flow-log-explain --help lists the options\)$/,
    );
  });

  test("the report refuses the explain command's own outputs with a message, and needs --out", () => {
    expect(() => reportArguments(["--json", "--out", "r.html"], new Map(), REPORT_COMMAND)).toThrow(/^--json is the explain command's/);
    expect(() => reportArguments(["flow.log"], new Map(), REPORT_COMMAND)).toThrow(/^--out <report\.html> is required/);
  });

  test("a typo is matched to the nearest option only when it is near", () => {
    expect(closestOption(EXPLAIN_COMMAND, "--sumary")).toBe("--summary");
    expect(closestOption(EXPLAIN_COMMAND, "--security-group")).toBe("--security-groups");
    expect(closestOption(EXPLAIN_COMMAND, "--frobnicate")).toBeUndefined();
  });

  test("operands keep their order; - is standard input", () => {
    expect(parseCommandLine(EXPLAIN_COMMAND, ["a.log", "--json", "-", "b.log"]).operands).toEqual(["a.log", "-", "b.log"]);
  });
});
