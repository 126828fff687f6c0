/** What every command does with the files it writes: whole or not at all, never over its input. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { refuseOutputThatIsInput, replaceFile } from "../../analysis/command/command-line";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-write-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("replaceFile", () => {
  it("writes a new file and replaces an earlier one whole", () => {
    const file = path.join(dir, "report.html");
    replaceFile(file, "first");
    replaceFile(file, "second");
    expect(fs.readFileSync(file, "utf8")).toBe("second");
    expect(fs.readdirSync(dir)).toEqual(["report.html"]);
  });

  it("leaves the earlier file as it was and no temporary file when the write fails", () => {
    // A folder in the file's place: the temporary file is written, the rename fails.
    const file = path.join(dir, "report.html");
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, "kept"), "earlier");
    expect(() => replaceFile(file, "page")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["report.html"]);
    expect(fs.readFileSync(path.join(file, "kept"), "utf8")).toBe("earlier");
  });
});

describe("refuseOutputThatIsInput", () => {
  it("refuses the input by any path that names it: the same, relative, through a link", () => {
    const input = path.join(dir, "flow.log");
    fs.writeFileSync(input, "records");
    fs.symlinkSync(input, path.join(dir, "link.log"));
    for (const out of [input, path.relative(process.cwd(), input), path.join(dir, ".", "flow.log"), path.join(dir, "link.log")])
      expect(() => refuseOutputThatIsInput("--out", out, ["-", input])).toThrow(
        new RegExp(`^--out .* is an input of this run \\(${input.replace(/[.]/g, "\\.")}\\): .*choose another file$`),
      );
  });

  it("accepts a new file, and an existing file that is not read", () => {
    const input = path.join(dir, "flow.log");
    fs.writeFileSync(input, "records");
    fs.writeFileSync(path.join(dir, "old.html"), "page");
    expect(() => refuseOutputThatIsInput("--out", path.join(dir, "new.html"), [input])).not.toThrow();
    expect(() => refuseOutputThatIsInput("--out", path.join(dir, "old.html"), [input, "-"])).not.toThrow();
  });
});
