/** Terraform state: the S3 backend of an environment stack, and access to the state bucket. */
export { configureStateBackend, type StateBackendProps } from "./backend";
export { stateAccessStatements } from "./access";
