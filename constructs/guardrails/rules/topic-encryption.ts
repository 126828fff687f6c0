import type { SecurityRuleCheck } from "../rule";

/** SNS topics are encrypted at rest. */
export const topicEncryption: SecurityRuleCheck = {
  id: "NM-SNS-ENCRYPTION",
  control: "Security Hub SNS.1",
  explanation: "SNS topics are encrypted at rest",
  fix: "set kms_master_key_id to a customer-managed key that CloudWatch may use",
  outsideProduction: "warning",
  check(ctx) {
    for (const topic of ctx.ofType("aws_sns_topic")) {
      if (!ctx.attrs(topic).kms_master_key_id) ctx.report(topic, "no kms_master_key_id");
    }
  },
};
