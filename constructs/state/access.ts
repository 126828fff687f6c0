import type { ResolvedIdentity, ResolvedState } from "../config/resolved";
import type { PolicyStatement } from "../shared/policy";

/**
 * Lets an environment's account read and write its own state key and lock file only, and
 * delete only the lock file: Terraform's S3 backend deletes nothing else (it overwrites the
 * state; the lock file of `use_lockfile` is created and deleted per run).
 * @see https://developer.hashicorp.com/terraform/language/backend/s3 (S3 Bucket Permissions)
 */
export function stateAccessStatements(
  e: Pick<ResolvedIdentity, "name" | "accountId" | "partition"> & { readonly state: ResolvedState },
  bucketArn: string,
): PolicyStatement[] {
  const principal = { AWS: `arn:${e.partition}:iam::${e.accountId}:root` };
  const prefix = e.state.key.slice(0, e.state.key.lastIndexOf("/") + 1);
  const sid = e.name.replace(/[^A-Za-z0-9]/g, "");
  return [
    {
      Sid: `List${sid}State`,
      Effect: "Allow",
      Principal: principal,
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": `${prefix}*` } },
    },
    {
      Sid: `ReadWrite${sid}State`,
      Effect: "Allow",
      Principal: principal,
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [`${bucketArn}/${e.state.key}`, `${bucketArn}/${e.state.key}.tflock`],
    },
    {
      Sid: `Release${sid}Lock`,
      Effect: "Allow",
      Principal: principal,
      Action: "s3:DeleteObject",
      Resource: `${bucketArn}/${e.state.key}.tflock`,
    },
  ];
}
