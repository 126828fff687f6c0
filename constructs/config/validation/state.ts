/** The state section: where the environment's Terraform state lives. */
import { PROJECT_NAME } from "../../shared/names";
import type { ResolvedState } from "../resolved";
import type { StateConfig } from "../types";
import { Checker, fieldsOf } from "./checker";
import { bucketNameProblem, KEY_PREFIX_RE, KMS_KEY_RE } from "./patterns";
import { checkRegion } from "./identity";

const STATE_FIELDS = fieldsOf<StateConfig>({ bucket: true, keyPrefix: true, region: true, kmsKeyId: true });

export function checkState(c: Checker, v: unknown, name: string, region: string | undefined): ResolvedState | undefined {
  if (!c.isObject("state", v, STATE_FIELDS)) return undefined;
  return c.section(() => {
    const problem = typeof v.bucket === "string" ? bucketNameProblem(v.bucket) : "must be a string";
    if (problem) c.fail("state.bucket", v.bucket, `not a valid S3 bucket name: it ${problem}`);
    const keyPrefix = v.keyPrefix ?? PROJECT_NAME;
    c.string(
      "state.keyPrefix",
      keyPrefix,
      KEY_PREFIX_RE,
      "expected path segments of letters, digits and !_.*'()- separated by single slashes, with no leading or trailing slash",
    );
    const stateRegion = v.region ?? region;
    checkRegion(c, "state.region", stateRegion);
    if (v.kmsKeyId !== undefined) {
      c.string("state.kmsKeyId", v.kmsKeyId, KMS_KEY_RE, "expected a KMS key id, key ARN, alias/name or alias ARN");
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
