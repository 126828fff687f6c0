import type { PolicyStatement } from "../../shared/policy";
import { parsePolicy, SecurityRuleCheck } from "../rule";

/** Bucket policies deny requests without TLS. */
export const bucketTls: SecurityRuleCheck = {
  id: "NM-S3-TLS-ONLY",
  control: "Security Hub S3.5",
  explanation: "bucket policies deny every request not made over TLS",
  fix: "add a Deny statement on aws:SecureTransport = false to the bucket policy",
  outsideProduction: "error",
  check(ctx) {
    for (const bucket of ctx.ofType("aws_s3_bucket")) {
      const tls = ctx
        .referencing("aws_s3_bucket_policy", "bucket", bucket)
        .some((p) =>
          (parsePolicy(ctx.attrs(p).policy)?.Statement ?? []).some(
            (st: PolicyStatement) => st.Effect === "Deny" && st.Condition?.Bool?.["aws:SecureTransport"] === "false",
          ),
        );
      if (!tls) ctx.report(bucket, "no bucket policy denies requests without TLS");
    }
  },
};
