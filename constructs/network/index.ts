/** The network of an environment: VPC, subnets, gateways, routes. */
export { Network, type NetworkProps } from "./network";
