/**
 * The Terraform toolkit: the real Terraform CLI on synthesized stacks, offline (init from a
 * local provider mirror, validate, plan against an empty or a simulated state), and the plan
 * JSON it reads. Used by the tests and the command-line scripts.
 */
export { AWS_PROVIDER, providerType, type ProviderPin } from "./provider";
export { describeSetup, findTerraform, mirrorCandidates, mirrorHolds, type TerraformSetup, type TerraformToolchain } from "./setup";
export { TerraformWorkspace, type PlanOptions, type WorkspaceOptions } from "./workspace";
export { OFFLINE_OVERRIDE_FILE, OFFLINE_STATE_FILE, providerAliases, readStack, writeOfflineOverride, type StackJson } from "./offline";
export { simulateApply, type SimulateApplyOptions, type SimulatedApply } from "./simulate-apply";
export { pendingChanges, planCounts, type PlanResult, type ResourceChange, type TerraformPlan, type TerraformState } from "./plan";
export { defaultOutdir, synthesizedStacks, type SynthesizedStack } from "./manifest";
