/**
 * Rules as `aws ec2 describe-security-groups`, `describe-network-acls` and
 * `describe-network-interfaces` print them: the explain tests' fixtures.
 */
import { RuleSet } from "../../analysis/explain";

/** The three describe outputs: these groups, one ACL (acl-0app) on subnet-0a with these entries, these interfaces. */
export function describeOutputs(groups: unknown[], aclEntries: unknown[], interfaces: unknown[]) {
  return {
    securityGroups: JSON.stringify({ SecurityGroups: groups }),
    networkAcls: JSON.stringify({
      NetworkAcls: [{ NetworkAclId: "acl-0app", Associations: [{ SubnetId: "subnet-0a" }], Entries: aclEntries }],
    }),
    networkInterfaces: JSON.stringify({ NetworkInterfaces: interfaces }),
  };
}

/** The same outputs read by the library. */
export function ruleSet(groups: unknown[], aclEntries: unknown[], interfaces: unknown[]): RuleSet {
  const json = describeOutputs(groups, aclEntries, interfaces);
  return RuleSet.fromJson({
    securityGroups: ["sg.json", json.securityGroups],
    networkAcls: ["acl.json", json.networkAcls],
    networkInterfaces: ["eni.json", json.networkInterfaces],
  });
}
