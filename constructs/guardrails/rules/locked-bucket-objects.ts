import { SecurityRuleCheck } from "../rule";

/**
 * Terraform manages no object in a bucket with Object Lock, and forces the deletion of none.
 * Changing or removing such an object makes the AWS provider delete its versions without
 * bypassing retention: the apply fails (AccessDenied), and every version it wrote stays locked.
 * `force_destroy` on an object bypasses governance retention: what the lock is for.
 */
export const lockedBucketObjects: SecurityRuleCheck = {
  id: "NM-S3-NO-MANAGED-OBJECT-IN-LOCKED-BUCKET",
  control: "write-once retention (S3 Object Lock) kept whole",
  explanation: "Terraform manages no object in a bucket with Object Lock (its deletion would be refused), and forces the deletion of none",
  fix: "keep data Terraform writes in a bucket without Object Lock (and without an expiry that could empty it); remove force_destroy",
  outsideProduction: "error",
  check(ctx) {
    const locked = ctx
      .ofType("aws_s3_bucket")
      .filter(
        (b) =>
          ctx.attrs(b).object_lock_enabled === true || ctx.referencing("aws_s3_bucket_object_lock_configuration", "bucket", b).length > 0,
      );
    for (const object of ctx.ofType("aws_s3_object")) {
      const a = ctx.attrs(object);
      // The bucket by reference (`${aws_s3_bucket.x.bucket}`), or by its name as a literal.
      const bucket = locked.find((b) => ctx.target(a.bucket) === ctx.address(b) || a.bucket === ctx.attrs(b).bucket);
      if (bucket) ctx.report(object, `object ${String(a.key)} is in bucket ${String(ctx.attrs(bucket).bucket)}, which has Object Lock`);
      if (a.force_destroy === true)
        ctx.report(object, `object ${String(a.key)} has force_destroy, which bypasses Object Lock's governance retention`);
    }
  },
};
