import type { SecurityRuleCheck } from "../rule";

const BLOCKS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** Buckets block public access with all four settings. */
export const bucketPublicAccess: SecurityRuleCheck = {
  id: "NM-S3-PUBLIC-ACCESS-BLOCK",
  control: "Security Hub S3.8",
  explanation: "buckets block all public access with all four settings",
  fix: "use the SecureBucket construct, or add aws_s3_bucket_public_access_block with all four settings true",
  outsideProduction: "error",
  check(ctx) {
    for (const bucket of ctx.ofType("aws_s3_bucket")) {
      const [pab] = ctx.referencing("aws_s3_bucket_public_access_block", "bucket", bucket);
      const all = pab && BLOCKS.every((k) => ctx.attrs(pab)[k] === true);
      if (!all) ctx.report(bucket, pab ? "not all four public-access blocks are true" : "no public-access block");
    }
  },
};
