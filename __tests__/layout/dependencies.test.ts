/**
 * What the package declares it runs on, its dependencies run on too: an install on the Node
 * the package names warns about no engine (a runtime dependency declaring a later Node did, at
 * every install).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The two functions of semver (a dependency of npm's tools here, without types of its own) this test uses. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require("semver") as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

const ROOT = path.join(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }>;
};

test("every runtime dependency's engines accept every Node the package declares", () => {
  // The oldest Node the package declares, and the later lines it takes.
  const versions = [semver.minVersion(pkg.engines.node)!.version, "22.12.0", "24.0.0"].filter((v) => semver.satisfies(v, pkg.engines.node));
  expect(versions.length).toBe(3);
  const runtime = Object.entries(lock.packages).filter(([key, p]) => key !== "" && !p.dev && !p.optional);
  expect(runtime.length).toBeGreaterThan(5);
  const narrower = runtime
    .filter(([, p]) => {
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
      return range !== undefined && !versions.every((v) => semver.satisfies(v, range));
    })
    .map(([key, p]) => `${key.replace(/^.*node_modules\//, "")}@${p.version}: node ${(p.engines as { node: string }).node}`);
  expect(narrower).toEqual([]);
});
