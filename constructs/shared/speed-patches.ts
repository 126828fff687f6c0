/**
 * The speed patches: where this project changes how code that is not its own runs (cdktf's
 * stack preparation, V8's stack traces and heap sizing) or how text is encoded, to synthesize
 * and explain faster or in less memory. Each is named here, says what it patches, and can be
 * switched off for a measurement: `NETWORK_MONITORING_UNPATCHED=<name>[,<name>...]` (or `all`),
 * which `npm run bench` compares side by side (docs/development.md, "Speed patches", has the
 * figures and the command). Output never depends on them: a patch off changes time and memory only.
 */
import * as v8 from "node:v8";

/** Each patch, by name, with the module that applies it. */
export const SPEED_PATCHES = {
  /** cdktf's `TerraformStack.prepareStack`: what a stack made from literals is left out of the preparing pass (constructs/stacks/prepare.ts). */
  prepare: "constructs/stacks/prepare.ts",
  /** `Error.prepareStackTrace` while synth runs: a token's creation trace keeps the app's nearest frame (constructs/shared/lean-traces.ts). */
  "lean-traces": "constructs/shared/lean-traces.ts",
  /** V8's `--semi-space-growth-factor=1` in `runApp`: the young generation stays at its first size during synth. */
  "young-generation": "constructs/shared/speed-patches.ts",
  /** V8's `--heap-growing-percent=100` in the explain and report programs: the heap at most doubles between full collections. */
  "heap-growth": "constructs/shared/speed-patches.ts",
  /** English's arrow and dash written as one-byte marks (chosen in analysis/explain/explain.ts), made UTF-8 by the writer of analysis/explain/marked-text.ts. */
  marks: "analysis/explain/explain.ts",
} as const;

/** A patch's name. */
export type SpeedPatch = keyof typeof SPEED_PATCHES;

/** Whether a patch applies: all do, unless NETWORK_MONITORING_UNPATCHED names it (or says `all`). Read at each call (a few a run). */
export function patchApplied(patch: SpeedPatch): boolean {
  const off = process.env.NETWORK_MONITORING_UNPATCHED;
  if (off === undefined || off === "") return true;
  const names = off.split(",").map((s) => s.trim());
  return !names.includes(patch) && !names.includes("all");
}

/**
 * For a synthesizing program: synth makes many short-lived objects (cdktf resolves every value of
 * every element) of which little survives, and V8 would grow the young generation for them. Only
 * `runApp` calls it: a process that imports the library keeps its own settings.
 */
export function keepYoungGenerationSmall(): void {
  if (patchApplied("young-generation")) v8.setFlagsFromString("--semi-space-growth-factor=1");
}

/**
 * For the programs that stream records (explain, report): what they hold is small (open
 * conversations, bounded tallies), but every conversation outlives the young generation and dies
 * old, so a heap that V8 lets grow fourfold between full collections is mostly garbage; this lets
 * it at most double. V8 reads the setting at each collection. Only the programs call it.
 */
export function boundHeapGrowth(): void {
  if (patchApplied("heap-growth")) v8.setFlagsFromString("--heap-growing-percent=100");
}
