/**
 * Athena's engine (Trino) is stricter than DuckDB, the engine the tests run queries on. This
 * check refuses, over a query's syntax tree (node-sql-parser, Trino grammar), what Trino
 * refuses and DuckDB accepts:
 *
 * - **Name resolution.** WHERE, GROUP BY and HAVING resolve names against the FROM relation
 *   only (the table's columns and partition keys), never against SELECT aliases; ORDER BY may
 *   use either. DuckDB accepts an alias in GROUP BY and WHERE; Athena fails with
 *   `Column 'period' cannot be resolved`. A GROUP BY ordinal must name a SELECT item.
 * - **Functions.** Only functions Trino documents (the list below, with the type each returns):
 *   DuckDB has functions Trino lacks, and the reverse is shimmed in the tests.
 * - **Types in comparisons.** Trino casts implicitly only between numbers, and from a date to
 *   a timestamp: never between strings, numbers and booleans (`Cannot apply operator: varchar
 *   = integer`). A string column (every partition key is one) is compared with strings, a
 *   number column with numbers. DuckDB casts silently.
 *
 * @see https://trino.io/docs/current/functions/list.html (the functions and their signatures)
 * @see https://trino.io/docs/current/sql/select.html (GROUP BY: "input column names or ordinals")
 */
import { Parser } from "node-sql-parser";

/** A column of the queried table, with its Hive/Glue type. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * What an expression is, as far as a comparison cares; undefined where the check cannot tell
 * (an unknown column, a call of a function without a fixed kind, a null).
 */
type Kind = "string" | "number" | "date" | "timestamp" | "boolean";

/**
 * The Trino functions the project's queries may call, each with the kind it returns (`arg`:
 * the kind of its first argument). Add one only with its page in Trino's function list.
 */
export const TRINO_FUNCTIONS: Readonly<Record<string, Kind | "arg" | "unknown">> = {
  // Aggregates (trino.io/docs/current/functions/aggregate.html)
  count: "number",
  count_if: "number",
  bool_or: "boolean",
  sum: "number",
  avg: "number",
  min: "arg",
  max: "arg",
  approx_distinct: "number",
  approx_percentile: "number",
  // Conditional (conditional.html)
  coalesce: "arg",
  nullif: "arg",
  if: "unknown",
  // Window (window.html)
  lag: "arg",
  // Date and time (datetime.html)
  current_date: "date",
  current_timestamp: "timestamp",
  date_format: "string",
  date_parse: "timestamp",
  date_trunc: "timestamp",
  date_diff: "number",
  from_unixtime: "timestamp",
  to_unixtime: "number",
  // String (string.html)
  concat: "string",
  lower: "string",
  upper: "string",
  strpos: "number",
  substr: "string",
  split_part: "string",
  regexp_like: "boolean",
  // Bitwise (bitwise.html)
  bitwise_and: "number",
};

const DATES: ReadonlySet<Kind> = new Set(["date", "timestamp"]);

const COMPARISONS = new Set(["=", "<>", "!=", "<", "<=", ">", ">=", "BETWEEN", "NOT BETWEEN", "IN", "NOT IN"]);

/** A node of node-sql-parser's tree (untyped JSON). */
export type SqlNode = any;
type Node = SqlNode;

const parser = new Parser();

/** The SELECT of a query, parsed under the Trino grammar (throws when it does not parse). */
export function parseSelect(sql: string): SqlNode {
  const ast: Node = parser.astify(sql, { database: "trino" });
  return Array.isArray(ast) ? ast[0] : ast;
}

/** The identifier a node names, lower case: a column reference, or a double-quoted name (Trino's quoted identifier). */
export function identifier(n: Node): string | undefined {
  if (n?.type === "column_ref") {
    const c = n.column;
    return String(typeof c === "string" ? c : c?.expr?.value).toLowerCase();
  }
  if (n?.type === "double_quote_string") return String(n.value).toLowerCase();
  return undefined;
}

/** A function call's name, lower case. */
export function functionName(n: Node): string | undefined {
  if (n?.type === "aggr_func") return String(n.name).toLowerCase();
  if (n?.type === "function") {
    const parts = n.name?.name ?? [];
    return parts
      .map((p: Node) => String(p.value))
      .join(".")
      .toLowerCase();
  }
  return undefined;
}

/** Every node below `n` (itself included), depth first. */
function* nodes(n: Node): Generator<Node> {
  if (n === null || typeof n !== "object") return;
  yield n;
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) for (const x of v) yield* nodes(x);
    else if (v && typeof v === "object") yield* nodes(v);
  }
}

/** A column type of Glue/Hive as the kind a comparison sees. */
const kindOfType = (t: string): Kind | undefined => (t === "string" ? "string" : /int|double|decimal|float/.test(t) ? "number" : undefined);

/**
 * What Trino finds wrong with `sql` over a table of these columns: one line per problem, empty
 * when none. A WITH query's relations are checked in turn, each SELECT against its own FROM
 * relation (the table, or an earlier relation of the WITH list, with the columns its SELECT
 * list gives).
 */
export function trinoProblems(sql: string, table: readonly TableColumn[]): string[] {
  let select: Node;
  try {
    select = parseSelect(sql);
  } catch (e) {
    return [`does not parse: ${(e as Error).message.slice(0, 160)}`];
  }
  const base = new Map(table.map((c) => [c.name.toLowerCase(), kindOfType(c.type)]));
  const relations = new Map<string, Map<string, Kind | undefined>>();
  const problems: string[] = [];
  const columnsOf = (s: Node) => {
    const from = (s.from ?? []).map((f: Node) => String(f.table ?? "").toLowerCase());
    const withs = from.filter((f: string) => relations.has(f));
    if (withs.length === 0) return base;
    if (withs.length > 1 || from.length > 1)
      problems.push(`FROM: a relation of the WITH list joined with another (${from.join(", ")}): this check reads one`);
    return relations.get(withs[0])!;
  };
  for (const w of select.with ?? []) {
    const stmt: Node = w.stmt?.ast ?? w.stmt;
    const name = String(w.name?.value ?? w.name).toLowerCase();
    const columns = columnsOf(stmt);
    relations.set(name, selectProblems(stmt, columns, problems, `WITH ${name}: `));
  }
  selectProblems(select, columnsOf(select), problems, "");
  return [...new Set(problems)];
}

/** The problems of one SELECT over the columns of its FROM relation (onto `problems`), and the columns its SELECT list gives, with their kinds. */
function selectProblems(
  select: Node,
  columns: ReadonlyMap<string, Kind | undefined>,
  problems: string[],
  where: string,
): Map<string, Kind | undefined> {
  const items: Node[] = Array.isArray(select.columns) ? select.columns : [];
  const aliases = new Set(
    items
      .map((i) => i.as)
      .filter(Boolean)
      .map((a: string) => a.toLowerCase()),
  );

  const kindOf = (n: Node): Kind | undefined => {
    const id = identifier(n);
    if (id !== undefined) return columns.get(id);
    if (n.type === "single_quote_string") return "string";
    if (n.type === "number") return "number";
    if (n.type === "bool") return "boolean";
    const f = functionName(n);
    if (f !== undefined) {
      const r = TRINO_FUNCTIONS[f];
      if (r === "arg") {
        // A call without arguments (`coalesce()`, which the grammar reads) has no kind.
        const [first] = n.args.value ?? [n.args.expr];
        return first === undefined ? undefined : kindOf(first);
      }
      return r === "unknown" ? undefined : r;
    }
    if (n.type === "binary_expr" && ["+", "-", "*", "/", "%"].includes(n.operator)) {
      const l = kindOf(n.left);
      return l === "date" || l === "timestamp" ? l : l === "number" && kindOf(n.right) === "number" ? "number" : undefined;
    }
    return undefined;
  };

  // Names: the FROM relation only in WHERE, GROUP BY and HAVING; the SELECT list too in ORDER BY.
  const clauses: [string, Node, boolean][] = [
    ["SELECT", items.map((i) => i.expr), false],
    ["WHERE", select.where, false],
    ["GROUP BY", select.groupby?.columns ?? select.groupby, false],
    ["HAVING", select.having, false],
    ["ORDER BY", (select.orderby ?? []).map((o: Node) => o.expr), true],
  ];
  for (const [clause, tree, aliasesAllowed] of clauses) {
    for (const n of nodes(tree)) {
      const id = identifier(n);
      if (id === undefined || columns.has(id) || (aliasesAllowed && aliases.has(id))) continue;
      // SELECT * names every column of the relation: nothing to resolve (anywhere else it is no column).
      if (id === "*" && clause === "SELECT") continue;
      problems.push(
        where +
          (aliases.has(id)
            ? `${clause}: column '${id}' cannot be resolved: it is a SELECT alias, and Trino resolves ${clause} against the table only (use the ordinal, or repeat the expression)`
            : `${clause}: column '${id}' cannot be resolved: the table has no such column`),
      );
    }
  }
  for (const g of select.groupby?.columns ?? []) {
    if (g?.type === "number" && (g.value < 1 || g.value > items.length)) {
      problems.push(`${where}GROUP BY: ordinal ${g.value} is not in the SELECT list (1 to ${items.length})`);
    }
  }

  for (const n of nodes({ ...select, with: null })) {
    const f = functionName(n);
    // The grammar reads `NOT (x)`, Trino's operator, as a call of not().
    if (f !== undefined && f !== "not" && !(f in TRINO_FUNCTIONS))
      problems.push(`${where}function ${f}() is not in the list of Trino functions this check knows`);
    if (n?.type !== "binary_expr" || !COMPARISONS.has(String(n.operator).toUpperCase())) continue;
    const left = kindOf(n.left);
    const rights: Node[] = n.right?.type === "expr_list" ? n.right.value : [n.right];
    for (const r of rights) {
      const right = kindOf(r);
      // Trino casts implicitly only between numbers, and from a date to a timestamp.
      const clash = left !== undefined && right !== undefined && left !== right && !(DATES.has(left) && DATES.has(right));
      if (clash) {
        const name = identifier(n.left) ?? identifier(r) ?? "an expression";
        problems.push(
          `${where}${String(n.operator).toUpperCase()}: ${name} (${left}) is compared with a ${right}: Trino casts neither implicitly`,
        );
      }
    }
  }
  // The columns it gives: a star gives its relation's, another item its alias or its column's name.
  const given = new Map<string, Kind | undefined>();
  for (const i of items) {
    if (identifier(i.expr) === "*") for (const [name, kind] of columns) given.set(name, kind);
    else {
      const name = i.as ? String(i.as).toLowerCase() : identifier(i.expr);
      if (name !== undefined) given.set(name, kindOf(i.expr));
    }
  }
  return given;
}
