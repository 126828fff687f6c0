/**
 * Which partitions a query can read, as Athena's partition projection decides it: each
 * projected column's values (a `date` range ending at NOW, or an integer range), narrowed by the
 * conditions of the WHERE clause that name one partition column directly and compare it with a
 * value Athena can compute before it plans (`date_format(current_date - INTERVAL ...)`, a
 * literal). Conditions of any other shape (a concatenation of columns, a function of a
 * column) narrow nothing here, as no single-column range can be derived from them.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
import { functionName, identifier, parseSelect, type SqlNode as Node } from "./trino-rules";

const DAY = 86_400_000;
const pad = (n: number, digits = 2) => String(n).padStart(digits, "0");

/** A Java date pattern of Athena's date projection (`yyyy/MM/dd`) applied to a UTC date. */
function javaFormat(at: Date, pattern: string): string {
  return pattern
    .replace("yyyy", String(at.getUTCFullYear()))
    .replace("MM", pad(at.getUTCMonth() + 1))
    .replace("dd", pad(at.getUTCDate()));
}

/** A MySQL-style pattern of Trino's `date_format` applied to a UTC date. */
function trinoFormat(at: Date, pattern: string): string {
  const map: Record<string, string> = {
    Y: String(at.getUTCFullYear()),
    m: pad(at.getUTCMonth() + 1),
    d: pad(at.getUTCDate()),
    H: pad(at.getUTCHours()),
  };
  return pattern.replace(/%([YmdH])/g, (_, c: string) => map[c]);
}

/** Every value the projection of `column` gives at `now`. */
export function projectedValues(parameters: Record<string, string>, column: string, now: Date): string[] {
  const type = parameters[`projection.${column}.type`];
  if (type === "enum") return parameters[`projection.${column}.values`].split(",");
  // Injected: no values of its own; a query gives them (candidatePartitions).
  if (type === "injected") return [];
  const range = parameters[`projection.${column}.range`].split(",");
  if (type === "date") {
    const format = parameters[`projection.${column}.format`];
    expect(parameters[`projection.${column}.interval`]).toBe("1");
    expect(parameters[`projection.${column}.interval.unit`]).toBe("DAYS");
    const [y, m, d] = range[0].split("/").map(Number);
    const end = range[1] === "NOW" ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) : Date.parse(range[1]);
    const out: string[] = [];
    for (let t = Date.UTC(y, m - 1, d); t <= end; t += DAY) out.push(javaFormat(new Date(t), format));
    return out;
  }
  expect(type).toBe("integer");
  const [lo, hi] = range.map(Number);
  const digits = Number(parameters[`projection.${column}.digits`] ?? 1);
  return Array.from({ length: hi - lo + 1 }, (_, i) => pad(lo + i, digits));
}

/** The value of an expression Athena computes before planning, or undefined when it depends on a row. */
function constant(n: Node, now: Date): string | Date | undefined {
  if (n?.type === "single_quote_string") return String(n.value);
  if (n?.type === "function") {
    const name = functionName(n);
    if (name === "current_date") return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (name === "date_format") {
      const [at, pattern] = n.args.value;
      const date = constant(at, now);
      return date instanceof Date && pattern.type === "single_quote_string" ? trinoFormat(date, pattern.value) : undefined;
    }
    return undefined;
  }
  if (n?.type === "binary_expr" && n.operator === "-" && n.right?.type === "interval" && String(n.right.unit).toLowerCase() === "day") {
    const base = constant(n.left, now);
    return base instanceof Date ? new Date(base.getTime() - Number(n.right.expr.value) * DAY) : undefined;
  }
  return undefined;
}

/** The conjuncts of a condition (its top-level ANDs). */
function conjuncts(n: Node): Node[] {
  if (!n) return [];
  if (n.type === "binary_expr" && n.operator === "AND") return [...conjuncts(n.left), ...conjuncts(n.right)];
  return [n];
}

/** The partition column a node names directly, if any. */
function partitionColumn(n: Node, partitions: readonly string[]): string | undefined {
  const name = identifier(n);
  return name !== undefined && partitions.includes(name) ? name : undefined;
}

/** The candidates of each partition column, and how many partitions they make together. */
export interface Candidates {
  readonly perColumn: Record<string, string[]>;
  readonly count: number;
}

/**
 * The SELECTs of a query that read the table: the query itself, or in a WITH query each
 * relation whose FROM names no relation of the WITH list.
 */
function scans(select: Node): Node[] {
  const withs: Node[] = select.with ?? [];
  if (withs.length === 0) return [select];
  const names = new Set(withs.map((w) => String(w.name?.value ?? w.name).toLowerCase()));
  const reads = (s: Node) => (s.from ?? []).some((f: Node) => !names.has(String(f.table ?? "").toLowerCase()));
  return [...withs.map((w) => w.stmt?.ast ?? w.stmt), select].filter(reads);
}

/** The partitions a query can read, at `now`: of a query with several scans of the table, the sum of theirs. */
export function candidatePartitions(
  sql: string,
  table: { parameters: Record<string, string>; partition_keys: { name: string }[] },
  now: Date,
): Candidates {
  const found = scans(parseSelect(sql)).map((select) => scanPartitions(select, table, now));
  if (found.length === 0) throw new Error("the query reads no table");
  if (found.length === 1) return found[0];
  return { perColumn: found[0].perColumn, count: found.reduce((n, c) => n + c.count, 0) };
}

/** The partitions one SELECT over the table can read, at `now`. */
function scanPartitions(
  select: Node,
  table: { parameters: Record<string, string>; partition_keys: { name: string }[] },
  now: Date,
): Candidates {
  const partitions = table.partition_keys.map((k) => k.name);
  const perColumn: Record<string, string[]> = Object.fromEntries(partitions.map((p) => [p, projectedValues(table.parameters, p, now)]));
  const injected = new Set(partitions.filter((p) => table.parameters[`projection.${p}.type`] === "injected"));
  for (const c of conjuncts(select.where)) {
    if (c.type !== "binary_expr") continue;
    const column = partitionColumn(c.left, partitions);
    if (column === undefined) continue;
    const op = String(c.operator).toUpperCase();
    const values = (c.right?.type === "expr_list" ? c.right.value : [c.right]).map((v: Node) => constant(v, now));
    if (values.some((v: unknown) => typeof v !== "string")) continue;
    const [a, b] = values as string[];
    if (injected.has(column) && (op === "=" || op === "IN")) {
      // An injected column's candidates are the values the query names.
      perColumn[column] = [...new Set(values as string[])];
      injected.delete(column);
      continue;
    }
    const keep: Record<string, (v: string) => boolean> = {
      "=": (v) => v === a,
      IN: (v) => values.includes(v),
      BETWEEN: (v) => v >= a && v <= b,
      ">=": (v) => v >= a,
      ">": (v) => v > a,
      "<=": (v) => v <= a,
      "<": (v) => v < a,
    };
    if (keep[op]) perColumn[column] = perColumn[column].filter(keep[op]);
  }
  // Athena refuses a query that gives an injected column no value (= or IN) to read.
  if (injected.size > 0) throw new Error(`injected partition column ${[...injected].join(", ")} has no value in the WHERE clause`);
  return { perColumn, count: Object.values(perColumn).reduce((n, v) => n * v.length, 1) };
}
