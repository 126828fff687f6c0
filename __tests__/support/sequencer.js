// The order of the files, so that two workers finish together: the terraform folder's files
// first (they are the long ones; a fresh clone has no timings to go by), the longest of them
// first; then the engines files, then the unit files, which fill the other worker; typecheck last, by when the build
// started beside the tests is done. The names below only order: which project a file is in is
// its folder's (jest.config.js).
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

// plan-changes first (the longest); terraform.test after the short state-backend, so that the
// plans it shares with plan-changes (dev's and prod's first) are made by then rather than waited
// for; then the files that run compiled code.
const TERRAFORM_ORDER = ["plan-changes", "first-hour", "state-backend", "terraform", "library", "scripts"];
const LAST = ["typecheck"];

class SlowFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (t) => {
      const name = path.basename(t.path).replace(/\.test\.ts$/, "");
      if (LAST.includes(name)) return 100;
      const folders = t.path.split(path.sep);
      if (folders.includes("engines")) return 40;
      if (!folders.includes("terraform")) return 50;
      const i = TERRAFORM_ORDER.indexOf(name);
      return i < 0 ? TERRAFORM_ORDER.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirst;
