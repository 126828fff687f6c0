/**
 * A retired S3 destination, its records kept: its flow logs go (moved to the organisation
 * archive's, when the environment has one, so that Terraform replaces each in place, deleting
 * first: a VPC never holds more than AWS's two flow logs), and its bucket, key and Athena
 * resources stay in AWS as they are while Terraform forgets them (shared/forgotten.ts).
 */
import type { Construct } from "constructs";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { ArchiveAthena, environmentAthenaProps } from "../athena/archive-athena";
import type { ResolvedFlowLogMonitoring } from "../config/resolved";
import type { FlowLogs } from "../flow-logs/flow-logs";
import { FlowLogBucket, flowLogBucketKeyAlias } from "../flow-logs/destinations/s3";
import { forget } from "../shared/forgotten";

/** The address a flow log had under `flowLogs` as child `id`. */
function flowLogAddress(flowLogs: FlowLogs, id: string): string {
  const made = new FlowLog(flowLogs, id, { logDestinationType: "s3", logDestination: "arn:aws:s3:::retired" });
  const address = `${made.terraformResourceType}.${made.friendlyUniqueId}`;
  flowLogs.node.tryRemoveChild(id);
  return address;
}

/**
 * Retires the retired destinations of `flowLogs` (see the module's comment); returns the
 * addresses Terraform forgets.
 */
export function retireDestinations(scope: Construct, flowLogs: FlowLogs, c: ResolvedFlowLogMonitoring): string[] {
  const location = { partition: c.partition, region: c.region, accountId: c.accountId };
  // The organisation archive's flow logs, one per target in the targets' order: each retired flow log becomes one of them.
  const archiveFlowLogs = flowLogs.flowLogs.filter((f) => f.node.id.endsWith("-to-organization-archive"));
  const kept: string[] = [];
  for (const r of flowLogs.retired) {
    const d = r.config;
    kept.push(
      ...forget(
        flowLogs,
        r.id,
        () =>
          new FlowLogBucket(flowLogs, r.id, {
            location,
            destination: d,
            keyAlias: flowLogBucketKeyAlias(c.name, r.keyOrdinal),
            preventDestroy: c.production,
            transitGateways: c.flowLogs.transitGateways,
          }),
      ),
    );
    if (d.athena) {
      const athena = d.athena;
      kept.push(...forget(scope, "athena", () => new ArchiveAthena(scope, "athena", environmentAthenaProps(c, { ...d, athena }))));
    }
    // Each target's flow log becomes the organisation archive's (replaced in place, deleted first); without one, it is deleted.
    if (archiveFlowLogs.length > 0) r.flowLogIds.forEach((id, i) => archiveFlowLogs[i]?.moveFromId(flowLogAddress(flowLogs, id)));
  }
  return kept;
}
