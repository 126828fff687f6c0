#!/usr/bin/env node
/**
 * `npm run lock:complete`, after any `npm install` that changes package-lock.json (or
 * `node scripts/complete-lockfile.js <lock file>` for another lock file).
 *
 * A registry mirror without the prebuilt binaries of other platforms (such as the
 * @unrs/resolver-binding-* packages jest's resolver lists as optional dependencies) makes npm
 * write a lock file without them, which `npm ci` then refuses ("Missing: ... from lock file").
 * This adds each missing optional dependency as an optional, platform-restricted entry, as npm
 * itself writes when the registry has them, so `npm ci` works everywhere and installs them only
 * on their platform.
 */
const fs = require("node:fs");
const path = require("node:path");

const file = process.argv[2] ? path.resolve(process.argv[2]) : path.join(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const OS = ["android", "darwin", "freebsd", "linux", "openharmony", "win32", "sunos", "aix", "netbsd", "openbsd"];
const CPU = ["arm64", "arm", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32"];
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${key}/node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[top]) continue;
    const parts = dep.split("/").pop().split("-");
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c));
    lock.packages[top] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? "y" : "ies"}`);
