/**
 * The speed patches change time and memory, never output: with every one switched off
 * (NETWORK_MONITORING_UNPATCHED=all, as the bench compares them), the example stacks synthesize
 * to the same Terraform JSON and the explainer writes the same bytes; and each patch named in
 * the table is applied, switchably, where the table says.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { Testing } from "cdktf";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { patchApplied, SPEED_PATCHES, type SpeedPatch } from "../../constructs/shared/speed-patches";
import { explainArguments } from "../../analysis/explain/arguments";
import { runExplain } from "../../analysis/explain/command";
import { LOG_ARCHIVE } from "../../environments/shared";
import { EXAMPLE_ENVIRONMENTS } from "../support/examples";
import { generatedRecordChunks } from "../../tools/bench/generated-records";

const ROOT = path.join(__dirname, "..", "..");

function unpatched<T>(value: string | undefined, run: () => T): T {
  const before = process.env.NETWORK_MONITORING_UNPATCHED;
  if (value === undefined) delete process.env.NETWORK_MONITORING_UNPATCHED;
  else process.env.NETWORK_MONITORING_UNPATCHED = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.NETWORK_MONITORING_UNPATCHED;
    else process.env.NETWORK_MONITORING_UNPATCHED = before;
  }
}

describe("speed patches", () => {
  test("NETWORK_MONITORING_UNPATCHED switches off the patches it names, or all", () => {
    const names = Object.keys(SPEED_PATCHES) as SpeedPatch[];
    expect(unpatched(undefined, () => names.filter(patchApplied))).toEqual(names);
    expect(unpatched("prepare, marks", () => names.filter((n) => !patchApplied(n)))).toEqual(["prepare", "marks"]);
    expect(unpatched("all", () => names.filter(patchApplied))).toEqual([]);
  });

  test("each patch is applied where the table says, and only when it is on", () => {
    for (const [name, file] of Object.entries(SPEED_PATCHES)) {
      const source = fs.readFileSync(path.join(ROOT, file), "utf8");
      expect([name, source.includes(`patchApplied("${name}")`)]).toEqual([name, true]);
    }
  });

  test("with every patch off, an example environment's stack synthesizes to the same Terraform JSON", () => {
    // staging: S3 and CloudWatch Logs destinations, a custom format, the organisation archive. That a
    // stack left out of the preparing pass synthesizes as a prepared one is stacks.test.ts's, for every example.
    const staging = EXAMPLE_ENVIRONMENTS.find((e) => e.name === "staging")!;
    const synth = () => {
      const stack = new NetworkMonitoringStack(Testing.app(), { environment: staging, logArchive: LOG_ARCHIVE });
      return [[stack.node.id, Testing.synth(stack)]];
    };
    const patched = unpatched(undefined, synth);
    expect(patched.map(([id]) => id)).toContain("staging");
    expect(unpatched("all", synth)).toEqual(patched);
  });

  test("with the marks off, the explainer writes the same bytes, in text and in JSON", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patches-"));
    const file = path.join(dir, "records.log");
    fs.writeFileSync(file, [...generatedRecordChunks(1000)].join(""));
    const run = async (flags: string[]) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) });
      await runExplain(explainArguments([...flags, file]), sink, sink);
      return Buffer.concat(chunks).toString("utf8");
    };
    try {
      for (const flags of [[], ["--json"]]) {
        const patched = await run(flags);
        expect(patched).toContain(flags.length === 0 ? "→" : '"sentence"');
        const before = process.env.NETWORK_MONITORING_UNPATCHED;
        process.env.NETWORK_MONITORING_UNPATCHED = "marks";
        try {
          expect(await run(flags)).toBe(patched);
        } finally {
          if (before === undefined) delete process.env.NETWORK_MONITORING_UNPATCHED;
          else process.env.NETWORK_MONITORING_UNPATCHED = before;
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
