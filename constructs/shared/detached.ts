/**
 * A string of its own. A value read from a line is a slice of the chunk the line came in, and
 * whatever keeps the slice (an open conversation, a summary's group, a tally's key) keeps the
 * whole chunk: memory, and the young generation's copying of it at every collection.
 */
export function detached(s: string): string {
  // V8 copies a substring shorter than 13 characters (and makes no rope of one): it keeps nothing.
  return s.length < SHORT ? s : (" " + s).slice(1);
}

/** V8's shortest sliced or concatenated string (SlicedString::kMinLength, ConsString::kMinLength). */
const SHORT = 13;
