import { asArray, parsePolicy, SecurityRuleCheck } from "../rule";

/** Actions that only read: allowed on `*`. */
const READ_PREFIXES = ["Describe", "List", "Get", "Head", "View"];

/**
 * Writes that IAM cannot scope: the Service Authorization Reference lists no resource type for
 * them, so "*" is their only resource (log delivery to Firehose and S3 is set up through them).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
 */
const UNSCOPABLE_WRITES = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:UpdateLogDelivery"];

/**
 * Writes with no resource type that a condition key scopes instead: allowed on "*" only with
 * that condition (a metric's namespace).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 */
const SCOPED_BY_CONDITION: Readonly<Record<string, string>> = { "cloudwatch:PutMetricData": "cloudwatch:namespace" };

/** Identity policies allow no write on every resource. */
export const iamWildcardWrite: SecurityRuleCheck = {
  id: "NM-IAM-NO-WILDCARD-WRITE",
  control: "least privilege",
  explanation: 'identity policies allow no write action on Resource "*"',
  fix: "name the resources the actions apply to",
  outsideProduction: "error",
  check(ctx) {
    for (const p of [...ctx.ofType("aws_iam_role_policy"), ...ctx.ofType("aws_iam_policy")]) {
      for (const st of parsePolicy(ctx.attrs(p).policy)?.Statement ?? []) {
        if (st.Effect !== "Allow" || !asArray(st.Resource).includes("*")) continue;
        const writes = asArray(st.Action).filter(
          (act) =>
            !READ_PREFIXES.some((pre) => act.split(":")[1]?.startsWith(pre)) &&
            !UNSCOPABLE_WRITES.includes(act) &&
            !(act in SCOPED_BY_CONDITION && Object.values(st.Condition ?? {}).some((c) => SCOPED_BY_CONDITION[act] in c)),
        );
        if (writes.length > 0) ctx.report(p, `statement ${st.Sid ?? "(no Sid)"} allows ${writes.join(", ")} on "*"`);
      }
    }
  },
};
