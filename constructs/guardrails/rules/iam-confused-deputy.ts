import { asArray, parsePolicy, SecurityRuleCheck } from "../rule";

/** Roles that AWS services assume say for which account and resources. */
export const iamConfusedDeputy: SecurityRuleCheck = {
  id: "NM-IAM-CONFUSED-DEPUTY",
  control: "confused-deputy prevention",
  explanation: "roles trusted by AWS services carry aws:SourceAccount or aws:SourceArn conditions",
  fix: "add aws:SourceAccount = <account> and aws:SourceArn = <the service's resources> to the trust statement",
  outsideProduction: "error",
  check(ctx) {
    for (const role of ctx.ofType("aws_iam_role")) {
      for (const st of parsePolicy(ctx.attrs(role).assume_role_policy)?.Statement ?? []) {
        const principal = st.Principal;
        const service = typeof principal === "object" && principal !== null ? principal.Service : undefined;
        if (st.Effect !== "Allow" || !service) continue;
        const keys = Object.values(st.Condition ?? {}).flatMap((c) => Object.keys(c));
        if (!keys.some((k) => /^aws:Source(Account|Arn)$/i.test(k))) {
          ctx.report(
            role,
            `trust statement ${st.Sid ?? "(no Sid)"} for ${asArray(service).join(", ")} has no aws:SourceAccount / aws:SourceArn condition`,
          );
        }
      }
    }
  },
};
