/**
 * A value as a message quotes it: in double quotes, cut when long, so that a value of
 * megabytes (a line of a binary file, a pasted file) does not become a message of megabytes.
 */

/** How many characters of a value a message quotes. */
export const QUOTED_LENGTH = 60;

/** `value` in double quotes, cut after {@link QUOTED_LENGTH} characters with how long it was. */
export function quoted(value: string, max = QUOTED_LENGTH): string {
  return value.length <= max
    ? JSON.stringify(value)
    : `${JSON.stringify(value.slice(0, max))}... (${value.length.toLocaleString("en-US")} characters)`;
}

/** A value as a message shows it: as written when short and plain (an address, a time, a word), else {@link quoted}. */
export function asWritten(value: string): string {
  return /^[\w.:/+@-]{1,60}$/.test(value) ? value : quoted(value);
}
