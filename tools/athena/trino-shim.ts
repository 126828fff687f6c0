/**
 * The Trino functions the project's queries call that DuckDB names otherwise, as DuckDB macros:
 * with them, a query's text runs on DuckDB unchanged (the tests' Athena stand-in, and the bench).
 */
/** Trino functions the queries use, under their Trino names (Athena's session time zone is UTC). */
export const TRINO_SHIM = [
  "SET TimeZone = 'UTC'",
  // from_unixtime(seconds): the instant, as a timestamp with time zone.
  "CREATE MACRO from_unixtime(s) AS to_timestamp(s)",
  // date_format(timestamp, pattern): MySQL-style patterns; %Y %m %d mean the same in strftime.
  "CREATE MACRO date_format(ts, fmt) AS strftime(ts, fmt)",
  // regexp_like(string, pattern): true when the pattern matches anywhere in the string (RE2 in both).
  "CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)",
];
