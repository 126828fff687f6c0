import type { SecurityRuleCheck } from "../rule";

/** Every VPC has a flow log. */
export const vpcFlowLogs: SecurityRuleCheck = {
  id: "NM-VPC-FLOW-LOGS",
  control: "Security Hub EC2.6",
  explanation: "every VPC has a flow log, or its traffic leaves no record",
  fix: "log the VPC with the FlowLogs construct",
  outsideProduction: "error",
  check(ctx) {
    for (const vpc of ctx.ofType("aws_vpc")) {
      if (ctx.referencing("aws_flow_log", "vpc_id", vpc).length === 0) ctx.report(vpc, "no aws_flow_log has this VPC as its vpc_id");
    }
  },
};
