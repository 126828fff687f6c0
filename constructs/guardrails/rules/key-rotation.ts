import type { SecurityRuleCheck } from "../rule";

/** Customer-managed keys rotate. */
export const keyRotation: SecurityRuleCheck = {
  id: "NM-KMS-ROTATION",
  control: "Security Hub KMS.4",
  explanation: "customer-managed KMS keys rotate yearly",
  fix: "set enable_key_rotation = true (the ManagedKey construct does)",
  outsideProduction: "warning",
  check(ctx) {
    for (const key of ctx.ofType("aws_kms_key")) {
      if (ctx.attrs(key).enable_key_rotation !== true) ctx.report(key, "enable_key_rotation is not true");
    }
  },
};
