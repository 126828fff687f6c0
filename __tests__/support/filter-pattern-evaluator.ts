/**
 * A CloudWatch Logs filter-pattern evaluator for space-delimited patterns, written from the
 * documented syntax, independent of the code that builds our patterns:
 *
 * - `[a, b, c]` names the fields of a space-delimited event in order; the event must have as
 *   many fields as the pattern has slots, unless a slot is `...`, which stands for any number
 *   of fields (zero or more).
 * - A slot may hold conditions on its field: `a=value`, `a!=value`, `a>n`, `a>=n`, `a<n`,
 *   `a<=n`, combined with `&&` and `||` (`&&` binds tighter).
 * - A value in double quotes is a literal string; an unquoted number compares numerically (a
 *   field that is not a number never equals, or compares with, a number); other unquoted
 *   values are strings in which `*` matches any run of characters.
 * - A metric value `$name` is the number in the named field, and `1` (or any number) is itself.
 */

type Op = "=" | "!=" | ">" | ">=" | "<" | "<=";
type Value = { kind: "string"; text: string } | { kind: "number"; n: number } | { kind: "glob"; re: RegExp };
type Expr =
  { kind: "cmp"; field: string; op: Op; value: Value } | { kind: "bare"; field: string } | { kind: "and" | "or"; left: Expr; right: Expr };
type Slot = { kind: "ellipsis" } | { kind: "field"; name: string; expr: Expr };

type Token = { t: "punct"; v: string } | { t: "word"; v: string } | { t: "string"; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (src.startsWith("...", i)) {
      out.push({ t: "punct", v: "..." });
      i += 3;
    } else if (["||", "&&", "!=", ">=", "<="].some((p) => src.startsWith(p, i))) {
      out.push({ t: "punct", v: src.slice(i, i + 2) });
      i += 2;
    } else if ("[],()=<>".includes(ch)) {
      out.push({ t: "punct", v: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length) j++;
        text += src[j++];
      }
      if (j >= src.length) throw new Error(`unterminated string in pattern: ${src}`);
      out.push({ t: "string", v: text });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_.*:/$@+-]+/.exec(src.slice(i));
      if (!m) throw new Error(`unexpected character ${JSON.stringify(ch)} at ${i} in pattern: ${src}`);
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;

/** A parsed space-delimited pattern. */
export class SpaceDelimitedPattern {
  readonly slots: readonly Slot[];

  constructor(readonly source: string) {
    const tokens = tokenize(source);
    let pos = 0;
    const peek = () => tokens[pos];
    const take = (v?: string): Token => {
      const tok = tokens[pos++];
      if (!tok || (v !== undefined && tok.v !== v)) throw new Error(`expected ${v ?? "a token"} at token ${pos - 1} in pattern: ${source}`);
      return tok;
    };
    const parseValue = (): Value => {
      const tok = take();
      if (tok.t === "string") return { kind: "string", text: tok.v };
      if (tok.t !== "word") throw new Error(`expected a value, got ${tok.v}`);
      if (NUMBER_RE.test(tok.v)) return { kind: "number", n: Number(tok.v) };
      const re = new RegExp(
        `^${tok.v
          .split("*")
          .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
          .join(".*")}$`,
      );
      return { kind: "glob", re };
    };
    const parsePrimary = (): Expr => {
      if (peek()?.v === "(") {
        take("(");
        const e = parseOr();
        take(")");
        return e;
      }
      const name = take();
      if (name.t !== "word") throw new Error(`expected a field name in pattern: ${source}`);
      const op = peek();
      if (op && op.t === "punct" && ["=", "!=", ">", ">=", "<", "<="].includes(op.v)) {
        take();
        return { kind: "cmp", field: name.v, op: op.v as Op, value: parseValue() };
      }
      return { kind: "bare", field: name.v };
    };
    const parseAnd = (): Expr => {
      let left = parsePrimary();
      while (peek()?.v === "&&") {
        take();
        left = { kind: "and", left, right: parsePrimary() };
      }
      return left;
    };
    const parseOr = (): Expr => {
      let left = parseAnd();
      while (peek()?.v === "||") {
        take();
        left = { kind: "or", left, right: parseAnd() };
      }
      return left;
    };
    const fieldsOf = (e: Expr): string[] =>
      e.kind === "cmp" || e.kind === "bare" ? [e.field] : [...fieldsOf(e.left), ...fieldsOf(e.right)];

    take("[");
    const slots: Slot[] = [];
    for (;;) {
      if (peek()?.v === "...") {
        take();
        slots.push({ kind: "ellipsis" });
      } else {
        const expr = parseOr();
        const names = [...new Set(fieldsOf(expr))];
        if (names.length !== 1) throw new Error(`a slot's conditions must name one field, got ${names.join(", ")}`);
        if (slots.some((s) => s.kind === "field" && s.name === names[0])) throw new Error(`field ${names[0]} is named twice`);
        slots.push({ kind: "field", name: names[0], expr });
      }
      const sep = take();
      if (sep.v === "]") break;
      if (sep.v !== ",") throw new Error(`expected , or ] in pattern: ${source}`);
    }
    if (pos !== tokens.length) throw new Error(`text after ] in pattern: ${source}`);
    this.slots = slots;
  }

  /** The named fields, in order. */
  get fieldNames(): string[] {
    return this.slots.flatMap((s) => (s.kind === "field" ? [s.name] : []));
  }

  /** The named fields' values when the event matches, or undefined. */
  match(event: string): Record<string, string> | undefined {
    const fields = event.trim() === "" ? [] : event.trim().split(/\s+/);
    const go = (si: number, fi: number, bound: Record<string, string>): Record<string, string> | undefined => {
      if (si === this.slots.length) return fi === fields.length ? bound : undefined;
      const slot = this.slots[si];
      if (slot.kind === "ellipsis") {
        for (let k = fi; k <= fields.length; k++) {
          const r = go(si + 1, k, bound);
          if (r) return r;
        }
        return undefined;
      }
      if (fi >= fields.length || !evaluate(slot.expr, fields[fi])) return undefined;
      return go(si + 1, fi + 1, { ...bound, [slot.name]: fields[fi] });
    };
    return go(0, 0, {});
  }

  /** Whether the event matches. */
  matches(event: string): boolean {
    return this.match(event) !== undefined;
  }
}

function evaluate(e: Expr, value: string): boolean {
  switch (e.kind) {
    case "bare":
      return true;
    case "and":
      return evaluate(e.left, value) && evaluate(e.right, value);
    case "or":
      return evaluate(e.left, value) || evaluate(e.right, value);
    case "cmp":
      return compare(value, e.op, e.value);
  }
}

function compare(actual: string, op: Op, v: Value): boolean {
  if (op === "!=") return !compare(actual, "=", v);
  if (v.kind === "number") {
    if (!NUMBER_RE.test(actual)) return false;
    const a = Number(actual);
    return op === "=" ? a === v.n : op === ">" ? a > v.n : op === ">=" ? a >= v.n : op === "<" ? a < v.n : a <= v.n;
  }
  if (op !== "=") throw new Error(`${op} needs a number, got a string value`);
  return v.kind === "string" ? actual === v.text : v.re.test(actual);
}

/**
 * What a metric filter publishes for one event: its value when the event matches (`1`, or
 * the number in `$field`), the default value when it does not, or undefined (nothing) when
 * neither applies.
 */
export function metricFilterValue(
  pattern: SpaceDelimitedPattern,
  valueExpr: string,
  event: string,
  defaultValue?: number,
): number | undefined {
  const bound = pattern.match(event);
  if (!bound) return defaultValue;
  if (valueExpr.startsWith("$")) {
    const raw = bound[valueExpr.slice(1)];
    if (raw === undefined) throw new Error(`metric value ${valueExpr} names no field of the pattern`);
    return NUMBER_RE.test(raw) ? Number(raw) : undefined;
  }
  return Number(valueExpr);
}
