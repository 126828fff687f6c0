/** The rule pack: every rule, by name, in the order the checks run. */
import { alarmActions } from "./alarm-actions";
import { athenaWorkgroup } from "./athena-workgroup";
import { bucketEncryption } from "./bucket-encryption";
import { bucketPublicAccess } from "./bucket-public-access";
import { bucketTls } from "./bucket-tls";
import { defaultSecurityGroup } from "./default-security-group";
import { iamConfusedDeputy } from "./iam-confused-deputy";
import { iamWildcardWrite } from "./iam-wildcard-write";
import { keyRotation } from "./key-rotation";
import { lockedBucketObjects } from "./locked-bucket-objects";
import { logRetention } from "./log-retention";
import { topicEncryption } from "./topic-encryption";
import { vpcFlowLogs } from "./vpc-flow-logs";

export const SECURITY_RULES = {
  vpcFlowLogs,
  defaultSecurityGroup,
  logRetention,
  bucketPublicAccess,
  bucketTls,
  bucketEncryption,
  lockedBucketObjects,
  keyRotation,
  topicEncryption,
  iamWildcardWrite,
  iamConfusedDeputy,
  alarmActions,
  athenaWorkgroup,
} as const;
