/**
 * `node dist/ci/ci-matrix.js [--deployable] [<cdktf.out>]`: the stacks of a synthesized
 * app as a GitHub Actions matrix, read from `cdktf.out/manifest.json` (never a hand-kept list),
 * printed as `stacks=<json>` for `$GITHUB_OUTPUT`. Each entry names the stack, its backend,
 * region and account, whether it is production, and the repository variable that holds the
 * role ARN of its read-only plan (`AWS_PLAN_ROLE_<NAME>`, upper case, `-` as `_`).
 *
 * `--deployable` keeps the stacks the deploy workflow applies (state in S3), in the order of
 * promotion: `promotionOrder` from the synthesized JSON, then production last, then by name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEPLOYMENT_INFO_KEY, StackDeploymentInfo } from "../constructs/stacks/deployment-info";
import { synthesizedStacks } from "../tools/terraform/manifest";

/** One matrix entry. */
export interface MatrixStack {
  readonly name: string;
  /** `s3` or `local` (the state-bootstrap stack keeps its state locally). */
  readonly backend: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly production: boolean;
  readonly promotionOrder?: number;
  /** Repository variable with the ARN of the role a real plan assumes. */
  readonly planRoleVariable: string;
}

/** The repository variable that holds a stack's plan role ARN. */
export function planRoleVariable(stack: string): string {
  return `AWS_PLAN_ROLE_${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** The matrix of the app synthesized in `outdir`. */
export function ciMatrix(outdir: string, options: { deployable?: boolean } = {}): MatrixStack[] {
  const stacks = synthesizedStacks(outdir).map(({ name, dir }): MatrixStack => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as {
      "//"?: Record<string, unknown>;
      terraform?: { backend?: Record<string, unknown> };
      provider?: { aws?: { region?: string }[] };
    };
    const info = json["//"]?.[DEPLOYMENT_INFO_KEY] as StackDeploymentInfo | undefined;
    const backend = Object.keys(json.terraform?.backend ?? { local: {} })[0];
    const region = info?.region ?? json.provider?.aws?.[0]?.region;
    return {
      name,
      backend,
      ...(region ? { region } : {}),
      ...(info ? { accountId: info.accountId } : {}),
      production: info?.production ?? false,
      ...(info?.promotionOrder !== undefined ? { promotionOrder: info.promotionOrder } : {}),
      planRoleVariable: planRoleVariable(name),
    };
  });
  if (!options.deployable) return stacks.sort((a, b) => a.name.localeCompare(b.name));
  const order = (s: MatrixStack) => s.promotionOrder ?? Number.MAX_SAFE_INTEGER;
  return stacks
    .filter((s) => s.backend === "s3")
    .sort((a, b) => order(a) - order(b) || Number(a.production) - Number(b.production) || a.name.localeCompare(b.name));
}
