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
 * - **Types in comparisons.** Trino has no implicit cast between strings and numbers
 *   (`Cannot apply operator: varchar = integer`): a string column (every partition key is one)
 *   is compared with strings, a number column with numbers. DuckDB casts silently.
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

/** What an expression is, as far as a comparison cares. */
type Kind = "string" | "number" | "date" | "timestamp" | "boolean" | "unknown";

/**
 * The Trino functions the project's queries may call, each with the kind it returns (`arg`:
 * the kind of its first argument). Add one only with its page in Trino's function list.
 */
export const TRINO_FUNCTIONS: Readonly<Record<string, Kind | "arg">> = {
  // Aggregates (trino.io/docs/current/functions/aggregate.html)
  count: "number",
  count_if: "number",
  sum: "number",
  avg: "number",
  min: "arg",
  max: "arg",
  approx_distinct: "number",
  approx_percentile: "number",
  // Conditional (conditional.html)
  coalesce: "arg",
  if: "unknown",
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

/** What Trino finds wrong with `sql` over a table of these columns: one line per problem, empty when none. */
export function trinoProblems(sql: string, table: readonly TableColumn[]): string[] {
  const problems: string[] = [];
  let select: Node;
  try {
    select = parseSelect(sql);
  } catch (e) {
    return [`does not parse: ${(e as Error).message.slice(0, 160)}`];
  }
  const columns = new Map(table.map((c) => [c.name.toLowerCase(), c.type]));
  const items: Node[] = Array.isArray(select.columns) ? select.columns : [];
  const aliases = new Set(
    items
      .map((i) => i.as)
      .filter(Boolean)
      .map((a: string) => a.toLowerCase()),
  );

  const kindOf = (n: Node): Kind => {
    const id = identifier(n);
    if (id !== undefined) {
      const t = columns.get(id);
      return t === undefined ? "unknown" : t === "string" ? "string" : /int|double|decimal|float/.test(t) ? "number" : "unknown";
    }
    if (n?.type === "single_quote_string") return "string";
    if (n?.type === "number") return "number";
    if (n?.type === "bool") return "boolean";
    const f = functionName(n);
    if (f !== undefined) {
      const r = TRINO_FUNCTIONS[f];
      if (r === "arg") {
        const args = n.args?.value ?? (n.args?.expr ? [n.args.expr] : []);
        return args.length ? kindOf(args[0]) : "unknown";
      }
      return r ?? "unknown";
    }
    if (n?.type === "binary_expr" && ["+", "-", "*", "/", "%"].includes(n.operator)) {
      const l = kindOf(n.left);
      return l === "date" || l === "timestamp" ? l : l === "number" && kindOf(n.right) === "number" ? "number" : "unknown";
    }
    return "unknown";
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
        aliases.has(id)
          ? `${clause}: column '${id}' cannot be resolved: it is a SELECT alias, and Trino resolves ${clause} against the table only (use the ordinal, or repeat the expression)`
          : `${clause}: column '${id}' cannot be resolved: the table has no such column`,
      );
    }
  }
  for (const g of select.groupby?.columns ?? []) {
    if (g?.type === "number" && (g.value < 1 || g.value > items.length)) {
      problems.push(`GROUP BY: ordinal ${g.value} is not in the SELECT list (1 to ${items.length})`);
    }
  }

  for (const n of nodes(select)) {
    const f = functionName(n);
    if (f !== undefined && !(f in TRINO_FUNCTIONS)) problems.push(`function ${f}() is not in the list of Trino functions this check knows`);
    if (n?.type !== "binary_expr" || !COMPARISONS.has(String(n.operator).toUpperCase())) continue;
    const left = kindOf(n.left);
    const rights: Node[] = n.right?.type === "expr_list" ? n.right.value : [n.right];
    for (const r of rights) {
      const right = kindOf(r);
      const clash = (a: Kind, b: Kind) =>
        (a === "string" && (b === "number" || b === "date" || b === "timestamp")) || (a === "number" && b === "string");
      if (clash(left, right) || clash(right, left)) {
        const name = identifier(n.left) ?? identifier(r) ?? "an expression";
        problems.push(`${String(n.operator).toUpperCase()}: ${name} (${left}) is compared with a ${right}: Trino casts neither implicitly`);
      }
    }
  }
  return [...new Set(problems)];
}
