import { asArray, SecurityRuleCheck } from "../rule";

/** Alarms notify someone. */
export const alarmActions: SecurityRuleCheck = {
  id: "NM-ALARM-ACTIONS",
  control: "Security Hub CloudWatch.15, CloudWatch.17",
  explanation: "alarms notify someone: they have alarm actions and actions are enabled",
  fix: "set alarm_actions (an SNS topic) and leave actions_enabled true",
  outsideProduction: "warning",
  check(ctx) {
    for (const alarm of ctx.ofType("aws_cloudwatch_metric_alarm")) {
      const a = ctx.attrs(alarm);
      if (asArray(a.alarm_actions).length === 0) ctx.report(alarm, "no alarm_actions");
      if (a.actions_enabled === false) ctx.report(alarm, "actions_enabled is false");
    }
  },
};
