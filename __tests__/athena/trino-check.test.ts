/**
 * The strict Trino check of the test support (support/trino-rules.ts), in-process: what it
 * accepts (every named query, over each layout, and the constructs the queries use) and what it
 * refuses, one clause and one kind at a time. That DuckDB accepts what it refuses, and that the
 * synthesized archives' queries pass it, is shown in engines/athena-queries.test.ts.
 */
import { athenaColumns, columnName, quoted } from "../../constructs/athena/columns";
import type { ArchiveLayout } from "../../constructs/athena/layout";
import { NAMED_QUERIES, ORGANIZATION_QUERIES, renderNamedQuery } from "../../constructs/athena/named-queries";
import { refusedConversationsSql, verdictsBySql } from "../../constructs/athena/verdict-queries";
import { FLOW_LOG_FIELDS, RecordFormat, type FlowLogField } from "../../constructs/records/record-format";
import { functionName, identifier, parseSelect, TRINO_FUNCTIONS, trinoProblems, type TableColumn } from "../support/trino-rules";

const EVERY_FIELD = Object.keys(FLOW_LOG_FIELDS) as FlowLogField[];
const RECORD_COLUMNS: TableColumn[] = athenaColumns(RecordFormat.custom(EVERY_FIELD));
const partitions = (...names: string[]): TableColumn[] => names.map((name) => ({ name, type: "string" }));

const LAYOUTS: { name: string; layout: ArchiveLayout; columns: TableColumn[] }[] = [
  {
    name: "plain prefixes",
    layout: {
      bucket: "b",
      folder: "",
      accountId: "111111111111",
      region: "eu-west-1",
      hiveCompatiblePartitions: false,
      perHourPartition: false,
    },
    columns: [...RECORD_COLUMNS, ...partitions("date")],
  },
  {
    name: "Hive prefixes by the hour",
    layout: {
      bucket: "b",
      folder: "f",
      accountId: "111111111111",
      region: "eu-west-1",
      hiveCompatiblePartitions: true,
      perHourPartition: true,
    },
    columns: [...RECORD_COLUMNS, ...partitions("year", "month", "day", "hour")],
  },
  {
    name: "an organisation",
    layout: {
      bucket: "b",
      folder: "",
      accountId: "999999999999",
      region: "eu-west-1",
      hiveCompatiblePartitions: false,
      perHourPartition: false,
      organization: { accounts: ["111111111111", "222222222222"], regions: ["eu-west-1"] },
    },
    columns: [...RECORD_COLUMNS, ...partitions("aws_account", "aws_region", "date")],
  },
];

const table = LAYOUTS[0].columns;
/** A call of a function of the list on one argument; the current date and time take none (and no parentheses). */
const callOf = (f: string, arg: string) => (["current_date", "current_timestamp"].includes(f) ? f : `${f}(${arg})`);
const problems = (sql: string, columns: readonly TableColumn[] = table) => trinoProblems(sql, columns);

describe("what the check accepts", () => {
  test("aliases in ORDER BY, ordinals in GROUP BY, SELECT *, quoted names, IN lists and arithmetic on numbers and dates", () => {
    expect(problems(`SELECT srcaddr AS source, sum(bytes) AS total FROM vpc_flow_logs GROUP BY 1 ORDER BY total DESC, source`)).toEqual([]);
    expect(problems(`SELECT * FROM vpc_flow_logs WHERE dstport IN (22, 443) AND action IN ('ACCEPT', 'REJECT') ORDER BY "end"`)).toEqual(
      [],
    );
    expect(problems(`SELECT "start" FROM vpc_flow_logs WHERE "date" >= date_format(current_date - INTERVAL '6' DAY, '%Y/%m/%d')`)).toEqual(
      [],
    );
    expect(problems(`SELECT bytes / packets FROM vpc_flow_logs WHERE bytes * 2 > packets + 1 AND start - 300 < "end" % 60`)).toEqual([]);
    expect(problems(`SELECT count(*) FROM vpc_flow_logs HAVING count(*) > 1`)).toEqual([]);
    expect(problems(`SELECT srcaddr FROM vpc_flow_logs WHERE NOT (dstport = 22)`)).toEqual([]);
    // Names are case-insensitive, as in Trino.
    expect(problems(`SELECT SrcAddr FROM vpc_flow_logs GROUP BY SRCADDR`)).toEqual([]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs GROUP BY 1`)).toEqual([]);
  });

  test("every function of the list is known; one not in it is refused, with its name", () => {
    for (const f of Object.keys(TRINO_FUNCTIONS)) {
      expect([f, problems(`SELECT ${callOf(f, "bytes")} FROM vpc_flow_logs`).filter((p) => p.includes("function"))]).toEqual([f, []]);
    }
    expect(problems(`SELECT strftime(current_date, '%Y') FROM vpc_flow_logs`)).toEqual([
      "function strftime() is not in the list of Trino functions this check knows",
    ]);
    expect(problems(`SELECT list_aggregate(bytes, 'sum') FROM vpc_flow_logs`)).toEqual([
      "function list_aggregate() is not in the list of Trino functions this check knows",
    ]);
  });
});

describe("what the check refuses, where Trino fails and DuckDB does not", () => {
  test("a SELECT alias in WHERE, GROUP BY or HAVING, each named", () => {
    expect(problems(`SELECT bytes AS b FROM vpc_flow_logs WHERE b > 0`)).toEqual([
      "WHERE: column 'b' cannot be resolved: it is a SELECT alias, and Trino resolves WHERE against the table only (use the ordinal, or repeat the expression)",
    ]);
    expect(problems(`SELECT srcaddr AS s, count(*) FROM vpc_flow_logs GROUP BY s`)).toEqual([
      "GROUP BY: column 's' cannot be resolved: it is a SELECT alias, and Trino resolves GROUP BY against the table only (use the ordinal, or repeat the expression)",
    ]);
    expect(problems(`SELECT srcaddr, sum(bytes) AS total FROM vpc_flow_logs GROUP BY 1 HAVING total > 0`)).toEqual([
      "HAVING: column 'total' cannot be resolved: it is a SELECT alias, and Trino resolves HAVING against the table only (use the ordinal, or repeat the expression)",
    ]);
  });

  test("an unknown column, in each clause; beside SELECT * too", () => {
    expect(problems(`SELECT srcaddress FROM vpc_flow_logs`)).toEqual([
      "SELECT: column 'srcaddress' cannot be resolved: the table has no such column",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs ORDER BY size`)).toEqual([
      "ORDER BY: column 'size' cannot be resolved: the table has no such column",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs GROUP BY 1 HAVING sum(size) > 0`)).toEqual([
      "HAVING: column 'size' cannot be resolved: the table has no such column",
    ]);
    expect(problems(`SELECT * FROM vpc_flow_logs WHERE srcaddress = '203.0.113.7'`)).toEqual([
      "WHERE: column 'srcaddress' cannot be resolved: the table has no such column",
    ]);
    // A star is no column outside the SELECT list.
    expect(problems(`SELECT bytes FROM vpc_flow_logs ORDER BY *`).length).toBeGreaterThan(0);
  });

  test("a GROUP BY ordinal outside the SELECT list, either side", () => {
    expect(problems(`SELECT bytes FROM vpc_flow_logs GROUP BY 3`)).toEqual(["GROUP BY: ordinal 3 is not in the SELECT list (1 to 1)"]);
    expect(problems(`SELECT bytes, packets FROM vpc_flow_logs GROUP BY 0`)).toEqual([
      "GROUP BY: ordinal 0 is not in the SELECT list (1 to 2)",
    ]);
    expect(problems(`SELECT bytes, packets FROM vpc_flow_logs GROUP BY 2`)).toEqual([]);
  });

  test("a string compared with a number, a date or a timestamp, and a number with a string, either side, each operator", () => {
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE "date" = 7`, LAYOUTS[0].columns)).toEqual([
      "=: date (string) is compared with a number: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE dstport = '80'`)).toEqual([
      "=: dstport (number) is compared with a string: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE 80 <> action`)).toEqual([
      "<>: action (number) is compared with a string: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE action = current_date`)).toEqual([
      "=: action (string) is compared with a date: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE current_timestamp > action`)).toEqual([
      ">: action (timestamp) is compared with a string: Trino casts neither implicitly",
    ]);
    for (const op of ["<", "<=", ">", ">=", "!="]) {
      expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE srcaddr ${op} 1`)).toEqual([
        `${op}: srcaddr (string) is compared with a number: Trino casts neither implicitly`,
      ]);
    }
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE dstport IN (22, '443')`)).toEqual([
      "IN: dstport (number) is compared with a string: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE dstport NOT IN ('22')`)).toEqual([
      "NOT IN: dstport (number) is compared with a string: Trino casts neither implicitly",
    ]);
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE action BETWEEN 1 AND 2`).length).toBeGreaterThan(0);
    // Matching kinds pass.
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE dstport = 80 AND action = 'ACCEPT' AND bool_or(true) = true`)).toEqual([]);
  });

  // The kind each function returns, from Trino's documentation (not from the check's list).
  const RETURNS: Record<string, "number" | "string" | "date" | "timestamp" | "boolean" | "its argument's" | "not fixed"> = {
    count: "number",
    count_if: "number",
    bool_or: "boolean",
    sum: "number",
    avg: "number",
    min: "its argument's",
    max: "its argument's",
    approx_distinct: "number",
    approx_percentile: "number",
    coalesce: "its argument's",
    nullif: "its argument's",
    if: "not fixed",
    lag: "its argument's",
    current_date: "date",
    current_timestamp: "timestamp",
    date_format: "string",
    date_parse: "timestamp",
    date_trunc: "timestamp",
    date_diff: "number",
    from_unixtime: "timestamp",
    to_unixtime: "number",
    concat: "string",
    lower: "string",
    upper: "string",
    strpos: "number",
    substr: "string",
    split_part: "string",
    regexp_like: "boolean",
    bitwise_and: "number",
  };

  test("the kind of each call, of arithmetic and of a literal", () => {
    expect(Object.keys(TRINO_FUNCTIONS).sort()).toEqual(Object.keys(RETURNS).sort());
    const compared = (expr: string, literal: string) => problems(`SELECT bytes FROM vpc_flow_logs WHERE ${expr} = ${literal}`);
    const clash = (kind: string, other: string) => [
      `=: an expression (${kind}) is compared with a ${other}: Trino casts neither implicitly`,
    ];
    for (const [f, kind] of Object.entries(RETURNS)) {
      const call = (arg: string) => callOf(f, arg);
      if (kind === "its argument's") {
        expect([f, compared(call("bytes"), "'x'")]).toEqual([f, clash("number", "string")]);
        expect([f, compared(call("action"), "1")]).toEqual([f, clash("string", "number")]);
      } else if (kind === "not fixed") {
        expect([f, compared(call("action"), "'x'"), compared(call("action"), "1")]).toEqual([f, [], []]);
      } else {
        // Compared with its own kind it passes; with another, the clash names both.
        const other = kind === "string" ? "1" : "'x'";
        expect([f, compared(call("bytes"), other)]).toEqual([f, clash(kind, kind === "string" ? "number" : "string")]);
      }
    }
    expect(compared("date_format(current_date, '%Y')", "'2026'")).toEqual([]);
    expect(compared("count(*)", "1")).toEqual([]);
    expect(compared("current_date - INTERVAL '1' DAY", "'x'")).toEqual(clash("date", "string"));
    expect(compared("current_timestamp + INTERVAL '1' HOUR", "'x'")).toEqual(clash("timestamp", "string"));
    // A date and a timestamp compare: Trino casts the date.
    expect(compared("current_date", "current_timestamp")).toEqual([]);
    expect(compared("current_date", "1")).toEqual(clash("date", "number"));
    for (const op of ["+", "-", "*", "/", "%"]) {
      expect([op, compared(`bytes ${op} packets`, "'x'")]).toEqual([op, clash("number", "string")]);
    }
    // A number with a string, or a string with anything, is of no kind the check can tell.
    expect(compared("bytes + action", "'x'")).toEqual([]);
    expect(compared("action + bytes", "1")).toEqual([]);
    expect(compared("'a'", "1")).toEqual(clash("string", "number"));
    expect(compared("1", "'a'")).toEqual(clash("number", "string"));
    expect(compared("1", "2")).toEqual([]);
    expect(compared("'a'", "'b'")).toEqual([]);
    // A boolean is compared with booleans only.
    // A function of its argument's kind called without one is of no kind (and no crash).
    expect(compared("coalesce()", "1")).toEqual([]);
    expect(compared("true", "'a'")).toEqual(clash("boolean", "string"));
    expect(compared("regexp_like(action, 'A')", "1")).toEqual(clash("boolean", "number"));
    expect(compared("bool_or(dstport = 22)", "true")).toEqual([]);
    // An unknown column is of no kind: reported once, as unknown, not as a clash.
    expect(compared("size", "'a'")).toEqual(["WHERE: column 'size' cannot be resolved: the table has no such column"]);
    // A column of a type that is neither string nor number (an array) is of no kind either.
    expect(problems(`SELECT bytes FROM vpc_flow_logs WHERE tags = 'a'`, [...table, { name: "tags", type: "array<string>" }])).toEqual([]);
  });

  test("a query that does not parse is said so, with the parser's message", () => {
    const found = problems(`SELECT srcaddr FROM vpc_flow_logs WHERE`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^does not parse: .+/);
    expect(found[0].length).toBeLessThanOrEqual("does not parse: ".length + 160);
  });

  test("a problem found twice is said once", () => {
    expect(problems(`SELECT size, size FROM vpc_flow_logs`)).toEqual([
      "SELECT: column 'size' cannot be resolved: the table has no such column",
    ]);
  });
});

describe("in a WITH query, each relation is read against its own FROM: the table's columns, or those an earlier relation gives", () => {
  const ok = `WITH r AS (SELECT srcaddr AS src, bytes FROM vpc_flow_logs), s AS (SELECT r.*, bytes * 2 AS twice FROM r) SELECT src, sum(twice) AS t FROM s GROUP BY 1`;

  test("a relation gives its aliases, its plain columns and, by a star, its own FROM's columns", () => {
    expect(problems(ok)).toEqual([]);
    expect(problems(`WITH r AS (SELECT * FROM vpc_flow_logs) SELECT srcaddr FROM r WHERE dstport = 22`)).toEqual([]);
    expect(problems(`WITH r AS (SELECT dstport FROM vpc_flow_logs) SELECT dstport FROM r WHERE dstport = 'x'`)).toEqual([
      "=: dstport (number) is compared with a string: Trino casts neither implicitly",
    ]);
    expect(problems(`WITH r AS (SELECT count(*) AS n FROM vpc_flow_logs) SELECT n FROM r WHERE n = 'x'`)).toEqual([
      "=: n (number) is compared with a string: Trino casts neither implicitly",
    ]);
  });

  test("each clause's problem is named with its relation", () => {
    expect(problems(ok.replace("sum(twice)", "sum(dstport)"))).toEqual([
      "SELECT: column 'dstport' cannot be resolved: the table has no such column",
    ]);
    expect(problems(ok.replace("AS twice FROM r)", "AS twice FROM r WHERE twice > 0)"))).toEqual([
      "WITH s: WHERE: column 'twice' cannot be resolved: it is a SELECT alias, and Trino resolves WHERE against the table only (use the ordinal, or repeat the expression)",
    ]);
    expect(problems(ok.replace("AS twice FROM r)", "AS twice FROM r WHERE src = 7)"))).toEqual([
      "WITH s: =: src (string) is compared with a number: Trino casts neither implicitly",
    ]);
    expect(problems(ok.replace("bytes * 2", "strftime(bytes)"))).toEqual([
      "WITH s: function strftime() is not in the list of Trino functions this check knows",
    ]);
    expect(problems(ok.replace("srcaddr AS src", "source AS src"))).toEqual([
      "WITH r: SELECT: column 'source' cannot be resolved: the table has no such column",
    ]);
    expect(problems(ok.replace("GROUP BY 1", "GROUP BY 4"))).toEqual(["GROUP BY: ordinal 4 is not in the SELECT list (1 to 2)"]);
    expect(problems(ok.replace("AS twice FROM r)", "AS twice FROM r GROUP BY 5)"))).toEqual([
      "WITH s: GROUP BY: ordinal 5 is not in the SELECT list (1 to 2)",
    ]);
  });

  test("a relation of the WITH list joined with another is said to be beyond the check", () => {
    expect(problems(`WITH r AS (SELECT srcaddr FROM vpc_flow_logs) SELECT r.srcaddr FROM r, vpc_flow_logs`)).toContain(
      "FROM: a relation of the WITH list joined with another (r, vpc_flow_logs): this check reads one",
    );
    expect(
      problems(`WITH r AS (SELECT srcaddr FROM vpc_flow_logs), s AS (SELECT srcaddr FROM vpc_flow_logs) SELECT r.srcaddr FROM r, s`),
    ).toContain("FROM: a relation of the WITH list joined with another (r, s): this check reads one");
  });
});

describe("the tree helpers", () => {
  test("identifier: a column, a quoted name, lower case; nothing else", () => {
    const select = parseSelect(`SELECT SrcAddr, "End", 'text', 1, r.Bytes FROM vpc_flow_logs`);
    expect(select.columns.map((c: { expr: unknown }) => identifier(c.expr))).toEqual(["srcaddr", "end", undefined, undefined, "bytes"]);
    expect(identifier(null)).toBeUndefined();
    expect(identifier(undefined)).toBeUndefined();
    // A column reference whose name is an expression node (as the parser gives a quoted one).
    expect(identifier({ type: "column_ref", column: { expr: { value: "Start" } } })).toBe("start");
    expect(identifier({ type: "column_ref", column: {} })).toBe("undefined");
  });

  test("functionName: an aggregate or a call, lower case, its parts joined", () => {
    const select = parseSelect(`SELECT COUNT(*), Date_Format(current_date, '%Y'), bytes FROM vpc_flow_logs`);
    expect(select.columns.map((c: { expr: unknown }) => functionName(c.expr))).toEqual(["count", "date_format", undefined]);
    expect(functionName(null)).toBeUndefined();
    expect(functionName(undefined)).toBeUndefined();
    expect(functionName({ type: "function", name: { name: [{ value: "Catalog" }, { value: "Fn" }] } })).toBe("catalog.fn");
    expect(functionName({ type: "function" })).toBe("");
  });

  test("parseSelect gives the first statement's SELECT", () => {
    expect(parseSelect(`SELECT bytes FROM vpc_flow_logs`).type).toBe("select");
    expect(() => parseSelect(`FROM vpc_flow_logs`)).toThrow();
  });
});

// Last: each test below reads every query of a layout (the slow ones, run after the cheap cases when a mutant is tried).
describe("what the check accepts: the queries the project writes", () => {
  test.each(LAYOUTS)("every named query over $name", ({ layout, columns }) => {
    const specs = layout.organization ? [...NAMED_QUERIES.filter((q) => !q.environmentOnly), ...ORGANIZATION_QUERIES] : NAMED_QUERIES;
    const found = specs
      .filter((q) => !q.betweenMembers)
      .map((spec) => [
        spec.id,
        problems(
          renderNamedQuery(spec, layout, () => true),
          columns,
        ),
      ]);
    expect(found.length).toBeGreaterThan(8);
    expect(found).toEqual(found.map(([id]) => [id, []]));
  });

  test("the verdict queries, WITH relations read one after another", () => {
    const x = {
      c: (f: FlowLogField) => quoted(columnName(f)),
      window: "1 = 1",
      has: () => true,
      organization: false,
      table: "vpc_flow_logs",
    };
    expect(problems(refusedConversationsSql(x))).toEqual([]);
    expect(problems(verdictsBySql(x, "interface_id"))).toEqual([]);
  });
});
