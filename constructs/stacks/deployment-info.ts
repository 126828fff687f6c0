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
}

/** The `//` key under which {@link StackDeploymentInfo} is written. */
export const DEPLOYMENT_INFO_KEY = "network_monitoring";
