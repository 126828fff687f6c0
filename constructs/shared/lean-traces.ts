/**
 * cdktf records where each token was made: for every attribute read of a resource, and for
 * every complex attribute of every resource it constructs, it captures a stack trace with no
 * depth limit and formats it to strings at once, kept for the message of a token that later
 * fails to resolve. The example environments make about 500 such traces (what they cost, and
 * what this saves: docs/development.md, "Speed patches").
 *
 * While `build` runs, those traces (V8 takes them on plain objects, never on Errors) keep one
 * frame: the nearest of the app's own (outside `node_modules`), the line that made the token.
 * The others are never formatted: formatting a frame makes V8 find the source positions of its
 * function's script, and that memory stays (the provider's generated files are large). An
 * Error's stack is formatted as before: by the hook installed before, or as V8 formats it. Nothing changes when
 * source maps are on (`--enable-source-maps`), or with NETWORK_MONITORING_FULL_TRACES=1 set.
 */

import { patchApplied } from "./speed-patches";

/** The app's frames kept of a token's creation trace. */
const NEAREST_FRAMES = 1;

const IN_PACKAGE = /[\\/]node_modules[\\/]/;

let depth = 0;

/** A frame as V8 writes it in a stack (`fn (file:line:column)`). */
const frameText = (f: NodeJS.CallSite): string => (f as { toString(): string }).toString();

/** The stack of an Error as V8 formats it when no hook is installed. */
function v8Format(error: Error, frames: readonly NodeJS.CallSite[]): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = "Error";
  }
  return frames.length === 0 ? header : `${header}\n    at ${frames.map(frameText).join("\n    at ")}`;
}

/** Runs `build` (construction or synth) with lean token-creation traces; returns what it returns. */
export function withLeanTraces<T>(build: () => T): T {
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  if (depth > 0 || sourceMaps || process.env.NETWORK_MONITORING_FULL_TRACES === "1" || !patchApplied("lean-traces")) {
    depth++;
    try {
      return build();
    } finally {
      depth--;
    }
  }
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called on Error as V8 calls it
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): unknown => {
    if (target instanceof Error) return previous ? previous.call(Error, target, frames) : v8Format(target, frames);
    // A trace taken on a plain object: cdktf drops its first line, then reads one frame a line.
    const own = frames.filter((f) => !IN_PACKAGE.test(f.getFileName() ?? "")).slice(0, NEAREST_FRAMES);
    return own.map((f) => `\n    at ${frameText(f)}`).join("");
  };
  depth++;
  try {
    return build();
  } finally {
    depth--;
    Error.prepareStackTrace = previous;
  }
}
