/**
 * The system's Chromium, for the report's browser tests and its screenshot: `CHROMIUM_PATH`, or
 * the first of Debian's and Google's names on the PATH. Playwright drives it (playwright-core
 * downloads no browser).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** Where Chromium is, or why it was not found. */
export function findChromium(): { ok: true; path: string } | { ok: false; reason: string } {
  const given = process.env.CHROMIUM_PATH;
  if (given) return fs.existsSync(given) ? { ok: true, path: given } : { ok: false, reason: `CHROMIUM_PATH=${given} does not exist` };
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of NAMES) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return { ok: true, path: p };
    }
  }
  return {
    ok: false,
    reason: `no Chromium (${NAMES.join(", ")}) on the PATH and no CHROMIUM_PATH: apt-get install -y chromium fonts-noto-cjk`,
  };
}

/** Chromium's launch arguments: no sandbox when running as root (CI containers), where Chromium refuses to start with one. */
export function chromiumArgs(): string[] {
  return process.getuid?.() === 0 ? ["--no-sandbox"] : [];
}
