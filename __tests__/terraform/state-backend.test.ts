/**
 * The S3 state backend, for real: a local S3-compatible server (s3rver, on 127.0.0.1, a free
 * port, its data in a temp dir) and the real Terraform CLI, run against each environment's
 * synthesized backend settings with only the endpoint, path-style access and credentials
 * overridden. The stack applied is a few `terraform_data` resources (no AWS provider needed).
 *
 * Locking: S3-native locking needs conditional writes (`If-None-Match`), which s3rver does not
 * honour, so a lock conflict cannot be shown here and is not faked. What is shown: the lock
 * object `<key>.tflock` exists while a run holds it and is gone afterwards.
 * Skips with one line without Terraform; fails instead with REQUIRE_TERRAFORM=1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { environments, APP_OPTIONS } from "../../environments";
import { AWS_PROVIDER, describeSetup, findTerraform, synthesizedStacks, TerraformWorkspace } from "../../tools/terraform";

// s3rver ships no types: its constructor, as this test uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

const setup = findTerraform(AWS_PROVIDER);
const required = process.env.REQUIRE_TERRAFORM === "1";
if (!setup.ok && !required) process.stderr.write(`SKIPPED state-backend tests: ${setup.reason}\n`);
const suite = setup.ok || required ? describe : describe.skip;

/** What the test may change in a synthesized backend: where S3 is and how to sign for it. */
const OVERRIDE_KEYS = [
  "endpoints",
  "use_path_style",
  "access_key",
  "secret_key",
  "skip_credentials_validation",
  "skip_requesting_account_id",
  "skip_metadata_api_check",
  "skip_region_validation",
];

type Backend = Record<string, unknown> & { bucket: string; key: string };

/** Polls `check` every 100 ms until it is true; fails after `ms`. */
async function waitFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

suite(`S3 state backend against a local S3 server (${describeSetup(setup)})`, () => {
  let tmp: string;
  let server: InstanceType<typeof S3rver> | undefined;
  let endpoint: string;
  const backends: Record<string, Backend> = {};

  /** An object of the server, or undefined when it does not exist. */
  async function getObject(bucket: string, key: string): Promise<string | undefined> {
    const res = await fetch(`${endpoint}/${bucket}/${key}`, { signal: AbortSignal.timeout(5000) });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${bucket}/${key}: HTTP ${res.status}`);
    return res.text();
  }

  const workspaces: TerraformWorkspace[] = [];

  /**
   * A Terraform workspace with the environment's backend (overridden) and `terraform_data`
   * resources; its commands get 60 s each.
   */
  function workspace(env: string, label: string, resources: Record<string, unknown>): TerraformWorkspace {
    if (!setup.ok) throw new Error(setup.reason);
    const source = fs.mkdtempSync(path.join(tmp, `${env}-${label}-`));
    const backend = {
      ...backends[env],
      endpoints: { s3: endpoint },
      use_path_style: true,
      access_key: "S3RVER",
      secret_key: "S3RVER",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
    fs.writeFileSync(
      path.join(source, "main.tf.json"),
      JSON.stringify({ terraform: { backend: { s3: backend } }, resource: { terraform_data: resources } }, null, 2),
    );
    const ws = new TerraformWorkspace(setup, source);
    workspaces.push(ws);
    return ws;
  }

  const ok = (ws: TerraformWorkspace, args: string[]) => ws.run(args, 60_000);

  beforeAll(async () => {
    if (!setup.ok) throw new Error(`REQUIRE_TERRAFORM=1 but ${setup.reason}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nm-s3-"));
    const app = new App({ outdir: path.join(tmp, "out") });
    addEnvironmentStacks(app, environments, APP_OPTIONS);
    app.synth();
    for (const s of synthesizedStacks(path.join(tmp, "out"))) {
      const json = JSON.parse(fs.readFileSync(path.join(s.dir, "cdk.tf.json"), "utf8")) as {
        terraform: { backend: Record<string, Backend> };
      };
      if (json.terraform.backend.s3) backends[s.name] = json.terraform.backend.s3;
    }
    const buckets = [...new Set(Object.values(backends).map((b) => b.bucket))];
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: path.join(tmp, "s3"),
      configureBuckets: buckets.map((name) => ({ name })),
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.close();
    for (const ws of workspaces) ws.dispose();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("every environment has a synthesized S3 backend with encryption and S3-native locking, each its own key", () => {
    // Every environment's, and the organisation archive's.
    expect(Object.keys(backends).sort()).toEqual([...environments.map((e) => e.name), "log-archive"].sort());
    for (const b of Object.values(backends)) {
      expect(b).toMatchObject({ encrypt: true, use_lockfile: true });
      for (const k of OVERRIDE_KEYS) expect(b).not.toHaveProperty(k);
    }
    expect(new Set(Object.values(backends).map((b) => `${b.bucket}/${b.key}`)).size).toBe(environments.length + 1);
  });

  test("state is written under the environment's own key, leaves another's alone, and is read back by a second run", async () => {
    const dev = backends.dev;
    const staging = backends.staging;
    const devWs = workspace("dev", "first", { marker: { input: "dev-1" } });
    await ok(devWs, ["init", "-input=false", "-no-color"]);
    await ok(devWs, ["apply", "-auto-approve", "-input=false", "-no-color"]);

    const devState = await getObject(dev.bucket, dev.key);
    expect(devState).toBeDefined();
    const parsed = JSON.parse(devState!) as {
      lineage: string;
      resources: { type: string; name: string; instances: { attributes: { input: { value: string } } }[] }[];
    };
    expect(parsed.resources.map((r) => [r.type, r.name, r.instances[0].attributes.input.value])).toEqual([
      ["terraform_data", "marker", "dev-1"],
    ]);
    expect(await getObject(staging.bucket, staging.key)).toBeUndefined();

    const stagingWs = workspace("staging", "first", { marker: { input: "staging-1" } });
    await ok(stagingWs, ["init", "-input=false", "-no-color"]);
    await ok(stagingWs, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(JSON.parse((await getObject(staging.bucket, staging.key))!).resources[0].instances[0].attributes.input.value).toBe("staging-1");
    expect(await getObject(dev.bucket, dev.key)).toBe(devState);

    // A second run, from a fresh directory with no local state: it finds dev's state in S3.
    const again = workspace("dev", "second", { marker: { input: "dev-1" } });
    await ok(again, ["init", "-input=false", "-no-color"]);
    // -detailed-exitcode: 0 only when there is nothing to change (2 would reject).
    await ok(again, ["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    expect(JSON.parse(await ok(again, ["state", "pull"])).lineage).toBe(parsed.lineage);
  });

  test("the lock object <key>.tflock exists while a run holds the state and is gone afterwards", async () => {
    const b = backends.prod;
    const lockKey = `${b.key}.tflock`;
    const ws = workspace("prod", "lock", {
      marker: { input: "prod-1" },
      // Holds the apply (and so the lock) until the test releases it, for 30 s at most.
      slow: {
        input: "held",
        provisioner: [{ "local-exec": { command: "for i in $(seq 1 300); do [ -f release ] && exit 0; sleep 0.1; done; exit 1" } }],
      },
    });
    await ok(ws, ["init", "-input=false", "-no-color"]);
    expect(await getObject(b.bucket, lockKey)).toBeUndefined();

    const apply = ok(ws, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    apply.catch(() => undefined); // awaited below; a rejection before then is not unhandled
    let lock: string | undefined;
    // Written whole: under load the server can list the object before its body is complete.
    const whole = (text: string | undefined) => {
      try {
        return text !== undefined && JSON.parse(text) !== undefined;
      } catch {
        return false;
      }
    };
    await waitFor(`${lockKey} on the server`, 30_000, async () => whole((lock = await getObject(b.bucket, lockKey))));
    expect(JSON.parse(lock!)).toMatchObject({ Operation: "OperationTypeApply", Path: `${b.bucket}/${b.key}` });
    fs.writeFileSync(path.join(ws.dir, "release"), "");

    await apply;
    expect(await getObject(b.bucket, lockKey)).toBeUndefined();
    expect(
      JSON.parse((await getObject(b.bucket, b.key))!)
        .resources.map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(["marker", "slow"]);
  });
});
