import { Annotations, App } from "cdktf";
import type { ResolvedLogArchive } from "../config/resolved";
import type { EnvironmentConfig, LogArchiveConfig } from "../config/types";
import { overlappingNetworks, validateEnvironments } from "../config/validation/environment";
import { NetworkMonitoringStack } from "./environment-stack";
import { STATE_BOOTSTRAP_STACK, StateBootstrapStack } from "./state-bootstrap-stack";
import { archiveMembers, LogArchiveStack } from "./log-archive-stack";
import { validateLogArchive } from "../config/validation/log-archive";
import { withLeanTraces } from "../shared/lean-traces";

/** Options of {@link addEnvironmentStacks}. */
export interface EnvironmentStacksOptions {
  /**
   * The account that holds the state buckets (the `state-bootstrap` stack's provider is pinned
   * to it).
   * @default unpinned
   */
  readonly stateAccountId?: string;
  /**
   * The organisation's log archive: adds the `log-archive` stack, which environments with an
   * "organization-archive" destination write to (and `state-bootstrap` grants it its state key).
   * @default none: an "organization-archive" destination is refused
   */
  readonly logArchive?: LogArchiveConfig | ResolvedLogArchive;
}

/** The stacks {@link addEnvironmentStacks} adds. */
export interface EnvironmentStacks {
  readonly bootstrap: StateBootstrapStack;
  readonly stacks: NetworkMonitoringStack[];
  /** The organisation's archive, when the options give one. */
  readonly archive?: LogArchiveStack;
}

/**
 * Adds the `state-bootstrap` stack and one {@link NetworkMonitoringStack} per environment to
 * an app, after validating the environments as a set (unique names, unique state keys). The
 * environment's `promotionOrder` is its place in the deploy workflow's order, not its place in the list.
 */
export function addEnvironmentStacks(
  app: App,
  environments: readonly EnvironmentConfig[],
  options: EnvironmentStacksOptions = {},
): EnvironmentStacks {
  return withLeanTraces(() => addValidatedStacks(app, environments, options));
}

function addValidatedStacks(app: App, environments: readonly EnvironmentConfig[], options: EnvironmentStacksOptions): EnvironmentStacks {
  // Validated once, here: the bootstrap and the stacks take the resolved environments as they are.
  const logArchive = options.logArchive === undefined ? undefined : validateLogArchive(options.logArchive);
  const resolved = validateEnvironments(environments, { logArchive });
  const bootstrap = new StateBootstrapStack(app, STATE_BOOTSTRAP_STACK, {
    environments: resolved,
    accountId: options.stateAccountId,
    logArchive,
  });
  // The archive's stack exists once an environment writes to it (its table needs at least one account).
  const members = logArchive ? archiveMembers(resolved) : [];
  const archive = logArchive && members.length > 0 ? new LogArchiveStack(app, { archive: logArchive, environments: resolved }) : undefined;
  if (logArchive && members.length === 0) {
    Annotations.of(bootstrap).addWarning(
      `the log archive (account ${logArchive.accountId}, ${logArchive.region}) has no member yet: no environment has a destination of type organization-archive, so no log-archive stack is made`,
    );
  }
  const stacks = resolved.map((environment) => new NetworkMonitoringStack(app, { environment }));
  for (const { first, second } of overlappingNetworks(resolved)) {
    Annotations.of(stacks[resolved.indexOf(second)]).addWarning(
      `environment "${second.name}": network.cidr = "${second.network.cidr}" overlaps environment "${first.name}"'s ${first.network.cidr}: ` +
        "valid, but the two VPCs can never be peered or joined by a transit gateway; give each environment its own block",
    );
  }
  return { bootstrap, stacks, ...(archive ? { archive } : {}) };
}
