#!/usr/bin/env node
// Before `npm pack`: removes from dist/ what no source compiles to any more (a removed
// environment's or construct's .js, .d.ts and .js.map), so the tarball holds only what the
// sources say. Only stale files are removed, never the whole folder: other commands may be
// reading dist/ at the same time. Plain JavaScript: it runs before anything is built.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist");
const OUTPUTS = /\.(d\.ts|js\.map|js)$/;
let removed = 0;

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(file);
      if (fs.readdirSync(file).length === 0) fs.rmdirSync(file);
      continue;
    }
    if (!OUTPUTS.test(entry.name)) continue;
    const source = path.join(root, path.relative(dist, file)).replace(OUTPUTS, ".ts");
    const json = source.replace(/\.ts$/, ".json");
    if (!fs.existsSync(source) && !fs.existsSync(json)) {
      fs.rmSync(file);
      removed++;
    }
  }
}

if (fs.existsSync(dist)) walk(dist);
if (removed > 0) process.stdout.write(`prune-dist: removed ${removed} compiled file(s) whose source is gone\n`);
