/**
 * `node dist/ci/cdktn/compare.js <cdktf output> <cdktn output>`: the Terraform JSON of every
 * stack `synth-all` wrote on cdktf and on its CDK Terrain variant, compared parsed (so the layout
 * of the text, such as empty objects and arrays, is no difference): the only difference allowed
 * is the toolkit version each records (`//.metadata.version`). Prints each difference and sets
 * a failing exit code; prints the count of stacks compared when there is none.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";

/** Every `cdk.tf.json` under a folder, by its path below it. */
function stacks(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "cdk.tf.json") out.set(path.relative(root, p), p);
    }
  };
  walk(root);
  return out;
}

/** The stack's JSON without the toolkit version it records, and that version. */
function withoutVersion(file: string): { json: unknown; version: unknown } {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { "//"?: { metadata?: { version?: unknown } } };
  const version = json["//"]?.metadata?.version;
  if (json["//"]?.metadata) delete json["//"].metadata.version;
  return { json, version };
}

/** The first path at which two values differ, for the message. */
function firstDifference(a: unknown, b: unknown, at = ""): string {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return `${at || "/"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}/${key}`);
  }
  return at || "/";
}

function main(cdktfDir: string, cdktnDir: string): number {
  const a = stacks(cdktfDir);
  const b = stacks(cdktnDir);
  const problems: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x || !y) {
      problems.push(`${name}: only on ${x ? "cdktf" : "cdktn"}`);
      continue;
    }
    const before = withoutVersion(x);
    const after = withoutVersion(y);
    if (!isDeepStrictEqual(before.json, after.json)) problems.push(`${name}: differs at ${firstDifference(before.json, after.json)}`);
    if (before.version === after.version) problems.push(`${name}: both record toolkit version ${String(before.version)}`);
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (a.size === 0) problems.push("no stack to compare");
  if (problems.length > 0) return 1;
  process.stdout.write(`${a.size} stacks: the same Terraform JSON on cdktf and cdktn, but the toolkit version each records\n`);
  return 0;
}

const [cdktfDir, cdktnDir] = process.argv.slice(2);
if (!cdktfDir || !cdktnDir) {
  process.stderr.write("usage: node dist/ci/cdktn/compare.js <cdktf output> <cdktn output>\n");
  process.exitCode = 2;
} else process.exitCode = main(cdktfDir, cdktnDir);
