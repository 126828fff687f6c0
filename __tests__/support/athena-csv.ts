/**
 * Query results as Athena writes them to its results bucket (CSV), for the tests that read
 * results; apart from the DuckDB stand-in, so that a test of the reading loads no DuckDB.
 */
/**
 * A value as Athena writes it in a result's CSV: quoted, `""` for a quote, a timestamp as
 * `2026-12-05 10:00:00.000 UTC`; a null unquoted and empty. DuckDB's JSON values come in
 * (a timestamp with its `+00`).
 */
export function athenaCsvValue(v: string | number | null): string {
  if (v === null) return "";
  const text = String(v).replace(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\+00$/, "$1.000 UTC");
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows (the first the column names) as the CSV Athena writes to its results bucket. */
export const athenaCsv = (rows: readonly (readonly (string | number | null)[])[]) =>
  rows.map((r) => r.map(athenaCsvValue).join(",")).join("\n") + "\n";
