// The slow test files first, so that they run while the short ones fill the other worker:
// without it, a fresh clone (no timings yet) would start them last. plan-changes first (the
// longest); terraform.test after the short state-backend, so that the plans it shares with
// plan-changes (dev's and prod's first) are made by then rather than waited for; then the files
// that run compiled code, by when the build started beside the tests is done.
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_FIRST = [
  "plan-changes.test.ts",
  "first-hour.test.ts",
  "state-backend.test.ts",
  "terraform.test.ts",
  "library.test.ts",
  "scripts.test.ts",
];
// Last: it waits for the build started beside the tests, done by then.
const LAST = ["typecheck.test.ts"];

class SlowFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (t) => {
      const name = path.basename(t.path);
      if (LAST.includes(name)) return SLOW_FIRST.length + 1;
      const i = SLOW_FIRST.indexOf(name);
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirst;
