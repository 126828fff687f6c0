/**
 * One provider process for all the Terraform commands of a workspace. Terraform starts a
 * provider afresh for each command, and a plan starts it three times; the AWS provider takes
 * a second or more of CPU to start. Terraform's documented debugging mechanism reuses one
 * instead: the provider runs with `-debug` and prints a `TF_REATTACH_PROVIDERS` value, and
 * Terraform given that value talks to the running process. Plans are the same (the tests
 * compare the resource changes); a workspace's commands run one configuration, so the
 * provider is never configured for two stacks at once.
 *
 * The provider runs under a small shell watchdog that stops it when this Node process is
 * gone, so that no provider outlives a killed test worker.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Stops the provider when the shell is told to stop or when its parent (this process) is gone. */
const WATCHDOG = `"$0" -debug & p=$!; trap 'kill $p 2>/dev/null' EXIT; trap 'exit 0' TERM INT; while kill -0 $PPID 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 1; done`;

/** The provider binary an initialized working directory links to, if any. */
export function initializedProviderBinary(dir: string, source: string, version: string): string | undefined {
  const base = path.join(dir, ".terraform", "providers", ...source.split("/"), version);
  if (!fs.existsSync(base)) return undefined;
  for (const platform of fs.readdirSync(base)) {
    const found = fs.readdirSync(path.join(base, platform)).find((f) => f.startsWith("terraform-provider-"));
    if (found) return path.join(base, platform, found);
  }
  return undefined;
}

/** A provider process that Terraform commands attach to. */
export class ProviderServer {
  private constructor(
    private readonly child: ChildProcess,
    /** The value of TF_REATTACH_PROVIDERS for commands that use it. */
    readonly reattach: string,
  ) {}

  /**
   * Starts `binary -debug`; resolves with the server, or with undefined (and nothing left
   * running) when the provider does not print its reattach value within `timeoutMs`.
   */
  static start(binary: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ProviderServer | undefined> {
    return new Promise((resolve) => {
      const child = spawn("sh", ["-c", WATCHDOG, binary], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let found = false;
      const give = (server: ProviderServer | undefined) => {
        clearTimeout(timer);
        if (!server) child.kill("SIGTERM");
        resolve(server);
      };
      const timer = setTimeout(() => give(undefined), timeoutMs);
      child.on("error", () => give(undefined));
      child.on("exit", () => give(undefined));
      child.stderr?.resume();
      child.stdout?.on("data", (chunk: Buffer) => {
        if (found) return;
        out += chunk.toString("utf8");
        const m = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(out);
        if (m) {
          found = true;
          // A server a caller forgets to stop must not hold this process (a test worker) open:
          // the exit handler and the watchdog stop the provider when the process goes.
          child.unref();
          for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
          const server = new ProviderServer(child, m[1]);
          stopAtExit(server);
          give(server);
        }
      });
    });
  }

  /** Stops the provider. */
  stop(): void {
    running.delete(this);
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
  }
}

/** The providers still running, stopped when the process exits (one listener for them all). */
const running = new Set<ProviderServer>();

function stopAtExit(server: ProviderServer): void {
  if (!process.listeners("exit").includes(stopAll)) process.once("exit", stopAll);
  running.add(server);
}

function stopAll(): void {
  for (const server of [...running]) server.stop();
}
