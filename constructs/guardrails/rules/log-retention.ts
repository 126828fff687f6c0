import type { SecurityRuleCheck } from "../rule";

/** Log groups keep events for a set time, at least a year in production. */
export const logRetention: SecurityRuleCheck = {
  id: "NM-LOG-RETENTION",
  control: "Security Hub CloudWatch.16",
  explanation: "log groups keep events for a set time (at least 365 days in production), neither forever nor too briefly",
  fix: "set retentionInDays (365 or more in production)",
  outsideProduction: "error",
  check(ctx) {
    for (const lg of ctx.ofType("aws_cloudwatch_log_group")) {
      const days = ctx.attrs(lg).retention_in_days;
      if (typeof days !== "number" || days <= 0) ctx.report(lg, "no retention: events are kept forever");
      else if (ctx.production && days < 365) ctx.report(lg, `retention ${days} days in production`);
    }
  },
};
