import type { ResolvedUsage } from "../config/resolved";

/**
 * What CI and the cost estimate read about an environment's stack from its synthesized JSON, under the `//` key
 * (which Terraform ignores): see ci/matrix.ts.
 */
export interface StackDeploymentInfo {
  /** The environment's name (the stack's name). */
  readonly environment: string;
  /** The AWS account the stack deploys to. */
  readonly accountId: string;
  /** The AWS region of the stack. */
  readonly region: string;
  /** Whether the environment is marked production. */
  readonly production: boolean;
  /** Place in the order of promotion (lower first); absent in stacks synthesized before 0.4.0. */
  readonly promotionOrder?: number;
  /** The environment's usage assumptions, which `npm run cost` prices the stack's resources with. */
  readonly usage?: ResolvedUsage;
  /**
   * What flows into a bucket of this stack from flow logs of other stacks (the organisation's
   * archive): each member's daily delivery, as its own usage says, which `npm run cost` prices
   * the bucket's storage with.
   */
  readonly archiveInflow?: ArchiveInflow;
}

/** The deliveries into an archive bucket from the flow logs of other stacks. */
export interface ArchiveInflow {
  readonly bucket: string;
  readonly deliveries: readonly {
    readonly environment: string;
    readonly accountId: string;
    /** The traffic its flow logs record (REJECT or ACCEPT deliver a share of all). */
    readonly trafficType: "ALL" | "ACCEPT" | "REJECT";
    /** GB a day its flow log would deliver recording ALL traffic (`usage.flowLogGbPerDay`). */
    readonly gbPerDay: number;
    /** The share of rejected traffic (`usage.rejectedShare`). */
    readonly rejectedShare: number;
    /** Stored bytes per delivered byte (`usage.archiveStoredShare`). */
    readonly storedShare: number;
    /** Its VPC, subnet and interface flow logs that write to the archive (one per target). */
    readonly flowLogs: number;
    /** Its transit gateway and attachment flow logs that write there, and the GB a day each delivers (`usage.transitGatewayFlowLogGbPerDay`). */
    readonly transitGatewayFlowLogs?: number;
    readonly transitGatewayGbPerDay?: number;
  }[];
}

/** The `//` key under which {@link StackDeploymentInfo} is written. */
export const DEPLOYMENT_INFO_KEY = "network_monitoring";
