import type { SecurityRuleCheck } from "../rule";

/** Athena workgroups enforce their settings and encrypt query results. */
export const athenaWorkgroup: SecurityRuleCheck = {
  id: "NM-ATHENA-WORKGROUP",
  control: "encryption of query results, enforced workgroup settings",
  explanation: "Athena workgroups enforce their configuration, so that no query can write its results elsewhere or unencrypted",
  fix: "set configuration.enforce_workgroup_configuration = true and result_configuration.encryption_configuration (SSE_KMS or CSE_KMS)",
  outsideProduction: "error",
  check(ctx) {
    for (const wg of ctx.ofType("aws_athena_workgroup")) {
      const config = (ctx.attrs(wg).configuration ?? {}) as Record<string, any>;
      if (config.enforce_workgroup_configuration === false) ctx.report(wg, "enforce_workgroup_configuration is false");
      const option = config.result_configuration?.encryption_configuration?.encryption_option as string | undefined;
      if (!option || !["SSE_KMS", "CSE_KMS"].includes(option)) {
        ctx.report(wg, `query results are ${option ? `encrypted with ${option}, not a KMS key` : "not encrypted"}`);
      }
    }
  },
};
