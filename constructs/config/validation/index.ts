/** Validation of configs where they enter: the stacks call it, the constructs never do. */
export { ConfigError } from "./checker";
export {
  overlappingNetworks,
  validateEnvironment,
  validateEnvironments,
  validateMonitoring,
  validateVpcFlowLogMonitoring,
  type EnvironmentContext,
  type MonitoringSettingsInput,
} from "./environment";
export { resolveUsage } from "./usage";
export { validateLogArchive } from "./log-archive";
