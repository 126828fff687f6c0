import { asArray, SecurityRuleCheck } from "../rule";

/** Buckets have default encryption, with KMS in production. */
export const bucketEncryption: SecurityRuleCheck = {
  id: "NM-S3-ENCRYPTION",
  control: "Security Hub S3.17",
  explanation: "buckets have default encryption, with a customer-managed KMS key in production",
  fix: "set a server-side encryption configuration (aws:kms with a key in production)",
  outsideProduction: "error",
  check(ctx) {
    for (const bucket of ctx.ofType("aws_s3_bucket")) {
      const [sse] = ctx.referencing("aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket);
      const algorithms = asArray(sse ? ctx.attrs(sse).rule : undefined).map(
        (r: any) => r?.apply_server_side_encryption_by_default?.sse_algorithm,
      );
      if (algorithms.length === 0 || algorithms.some((x) => typeof x !== "string")) {
        ctx.report(bucket, "no default encryption configuration");
      } else if (ctx.production && !algorithms.every((x: string) => x.startsWith("aws:kms"))) {
        ctx.report(bucket, `default encryption ${algorithms.join(", ")} in production, not aws:kms`);
      }
    }
  },
};
