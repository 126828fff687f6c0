import { asArray, SecurityRuleCheck } from "../rule";

/** A VPC's default security group is managed and has no rules. */
export const defaultSecurityGroup: SecurityRuleCheck = {
  id: "NM-DEFAULT-SG-CLOSED",
  control: "Security Hub EC2.2",
  explanation: "a VPC's default security group allows no traffic, so nothing lands in it open by accident",
  fix: "manage the default security group (aws_default_security_group) with no ingress and no egress rules",
  outsideProduction: "error",
  check(ctx) {
    for (const vpc of ctx.ofType("aws_vpc")) {
      if (ctx.referencing("aws_default_security_group", "vpc_id", vpc).length === 0) {
        ctx.report(vpc, "the default security group is not managed, so it keeps AWS's default rules");
      }
    }
    for (const sg of ctx.ofType("aws_default_security_group")) {
      // Once Terraform manages the default group it removes every rule not in the config, so
      // a group without ingress and egress blocks has no rules at all.
      const rules = [...asArray(ctx.attrs(sg).ingress), ...asArray(ctx.attrs(sg).egress)];
      if (rules.length > 0) ctx.report(sg, `${rules.length} ingress/egress rule(s) on the default security group`);
    }
  },
};
