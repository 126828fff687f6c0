/**
 * `node dist/scripts/synth-all.js <tree> <outdir>`: synthesizes, from the built tree `<tree>`
 * (a checkout with `dist/` and `node_modules/`), the example environments, the benchmark's 50
 * generated environments and `examples/platform-team` (its `vpc-flow-log-monitoring` imports
 * resolved to that tree's build) into `<outdir>/{examples,generated-50,platform-team}`.
 *
 * For a change that must not change any stack: run it on a checkout of the commit before and
 * on this one, then compare every `cdk.tf.json` byte for byte:
 *   diff -r -x manifest.json <before> <after>
 * (`manifest.json` holds the stack traces of synth warnings, which name source files.)
 */
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { generatedEnvironments } from "../tools/bench/generated-environments";

type ModuleInternals = typeof Module & {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _nodeModulePaths(dir: string): string[];
};

function synthAll(tree: string, outdir: string): void {
  const root = path.resolve(tree);
  const dist = path.join(root, "dist");
  fs.mkdirSync(outdir, { recursive: true });
  const M = Module as ModuleInternals;
  const resolve = M._resolveFilename.bind(M);
  // The example imports the package by name: point it at the tree's build.
  M._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === "vpc-flow-log-monitoring"
      ? resolve(path.join(dist, "constructs"), ...rest)
      : request === "vpc-flow-log-monitoring/environments"
        ? resolve(path.join(dist, "environments"), ...rest)
        : resolve(request, ...rest);
  // Loaded from the tree, not from this checkout: the tree may be another commit's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = <T>(p: string): T => require(require.resolve(p, { paths: [root] })) as T;
  const { App } = load<typeof import("cdktf")>("cdktf");
  const lib = load<{ addEnvironmentStacks(app: InstanceType<typeof App>, envs: unknown, options: object): unknown }>(
    path.join(dist, "constructs"),
  );
  const examples = load<{ environments: unknown[]; STATE_ACCOUNT_ID: string; APP_OPTIONS?: object }>(path.join(dist, "environments"));
  for (const [set, envs] of [
    ["examples", examples.environments],
    ["generated-50", generatedEnvironments(50)],
  ] as const) {
    const app = new App({ outdir: path.join(outdir, set) });
    lib.addEnvironmentStacks(app, envs, examples.APP_OPTIONS ?? { stateAccountId: examples.STATE_ACCOUNT_ID });
    app.synth();
  }
  const ts = load<typeof import("typescript")>("typescript");
  const main = path.join(root, "examples", "platform-team", "main.ts");
  const js = ts.transpileModule(fs.readFileSync(main, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  process.env.CDKTF_OUTDIR = path.join(outdir, "platform-team");
  const m = new Module(main.replace(/\.ts$/, ".js")) as Module & { _compile(code: string, file: string): void; paths: string[] };
  m.paths = M._nodeModulePaths(root);
  m._compile(js, m.id);
}

const [tree, outdir] = process.argv.slice(2);
if (!tree || !outdir) {
  console.error("usage: node dist/scripts/synth-all.js <tree> <outdir>");
  process.exitCode = 2;
} else {
  synthAll(tree, path.resolve(outdir));
}
