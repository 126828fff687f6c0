/**
 * A string of its own. A value read from a line is a slice of the chunk the line came in, and
 * whatever keeps the slice (an open conversation, a summary's group, a tally's key) keeps the
 * whole chunk: memory, and the young generation's copying of it at every collection.
 */
export function detached(s: string): string {
  return (" " + s).slice(1);
}
