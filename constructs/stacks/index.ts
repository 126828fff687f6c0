/** Stacks and their composition: an environment per stack, flow logs on an existing VPC, the state bootstrap. */
export { NetworkMonitoringStack, type NetworkMonitoringStackProps } from "./environment-stack";
export { addFlowLogMonitoring, VpcFlowLogMonitoring, type VpcFlowLogMonitoringOptions } from "./vpc-flow-log-monitoring";
export { addEnvironmentStacks, type EnvironmentStacks, type EnvironmentStacksOptions } from "./app";
export {
  archiveMembers,
  LOG_ARCHIVE_PROMOTION_ORDER,
  LogArchiveStack,
  membersFormat,
  type LogArchiveStackProps,
} from "./log-archive-stack";
export { STATE_BOOTSTRAP_STACK, StateBootstrapStack, type StateBootstrapStackProps } from "./state-bootstrap-stack";
export { DEPLOYMENT_INFO_KEY, type ArchiveInflow, type StackDeploymentInfo } from "./deployment-info";
export { LiteralConfigStack } from "./prepare";
export { annotationLines, runApp, synthApp, type SynthAppOptions } from "./synth";
export { Monitoring, type MonitoringProps } from "./log-group-monitoring";
