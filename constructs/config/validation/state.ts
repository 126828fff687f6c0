/** The state section: where the environment's Terraform state lives. */
import type { ResolvedState } from "../resolved";
import { checkDeclared, fieldNames } from "../fields/declare";
import { STATE } from "../fields/state";
import type { Checker } from "./checker";
import { bucketNameProblem } from "./patterns";
import { checkRegion } from "./identity";

const STATE_FIELDS = fieldNames(STATE);

export function checkState(c: Checker, v: unknown, name: string, region: string | undefined): ResolvedState | undefined {
  if (!c.isObject("state", v, STATE_FIELDS)) return undefined;
  return c.section(() => {
    const problem = typeof v.bucket === "string" ? bucketNameProblem(v.bucket) : "must be a string";
    if (problem) c.fail("state.bucket", v.bucket, `not a valid S3 bucket name: it ${problem}`);
    const keyPrefix = v.keyPrefix ?? STATE.fields.keyPrefix.default;
    checkDeclared(c, "state.keyPrefix", keyPrefix, STATE.fields.keyPrefix);
    const stateRegion = v.region ?? region;
    checkRegion(c, "state.region", stateRegion);
    if (v.kmsKeyId !== undefined) {
      checkDeclared(c, "state.kmsKeyId", v.kmsKeyId, STATE.fields.kmsKeyId);
    }
    return {
      bucket: v.bucket as string,
      keyPrefix: keyPrefix as string,
      key: `${keyPrefix as string}/${name}/terraform.tfstate`,
      region: stateRegion as string,
      kmsKeyId: v.kmsKeyId as string | undefined,
    };
  });
}
