/** AWS building blocks every concern uses: names, ARNs and policies, keys, buckets, CIDR arithmetic. */
export { consoleUrl, partitionOf, PROJECT_NAME } from "./names";
export { InputError } from "./input-error";
export {
  arn,
  denyWithoutTls,
  keyAdministrationStatement,
  policyDocument,
  renderPolicy,
  serviceDnsSuffix,
  tlsOnlyStatement,
  type AwsLocation,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
} from "./policy";
export { ManagedKey, type ManagedKeyProps } from "./kms-key";
export { SecureBucket, type BucketTransition, type SecureBucketProps } from "./secure-bucket";
export { allocateSubnets, blockSize, formatCidr, parseCidr, type Ipv4Cidr } from "./cidr";
