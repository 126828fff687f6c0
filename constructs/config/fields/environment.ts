/** An environment's fields, and those of flow logs on a VPC that exists already (the library's config). */
import { RESERVED_TAG_KEYS } from "../limits";
import { VPC_ID_RE } from "../validation/patterns";
import type { Decl, ObjectDecl } from "./declare";
import { FLOW_LOGS } from "./flow-logs";
import { ACCOUNT_ID, NAME, REGION } from "./identity";
import { MONITORING } from "./monitoring";
import { NETWORK } from "./network";
import { STATE } from "./state";
import { USAGE } from "./usage";

/** The order of promotion of an environment that does not set one: before production, which comes last. */
export const NON_PRODUCTION_PROMOTION_ORDER = 1;
export const PRODUCTION_PROMOTION_ORDER = 1000;

const MONITORING_FIELD: Decl = {
  ...MONITORING,
  optional: true,
  description:
    "Alarms and notifications, over the flow-log group: required when a destination is CloudWatch Logs, refused otherwise (there is nothing to monitor).",
};
const TAGS: Decl = {
  kind: "record",
  values: { kind: "string", maxLength: 256, valid: "a tag value is a string of at most 256 characters" },
  maxKeyLength: 128,
  optional: true,
  defaultText: "none",
  example: { CostCenter: "network" },
};

export const ENVIRONMENT: ObjectDecl = {
  kind: "object",
  name: "EnvironmentConfig",
  description: "One environment: one stack, one account, one region, one state key.",
  fields: {
    name: { ...NAME, description: "Name of the environment, used as the stack id (`cdktf deploy <name>`) and in resource names." },
    accountId: { ...ACCOUNT_ID, description: "The AWS account the environment lives in (12 digits); no other account can be touched." },
    region: { ...REGION, description: "The AWS region, such as `ap-northeast-1`." },
    production: {
      kind: "boolean",
      description: "Whether this is a production environment (stricter retention, protection from destroy).",
      default: false,
    },
    promotionOrder: {
      kind: "number",
      integer: true,
      minimum: 1,
      maximum: PRODUCTION_PROMOTION_ORDER,
      description:
        "The environment's place in the order of promotion: the deploy workflow applies lower numbers first, one environment at a time (equal numbers: production last, then by name). Neither the list of environments nor a file's name decides it.",
      defaultText: `${NON_PRODUCTION_PROMOTION_ORDER}, or ${PRODUCTION_PROMOTION_ORDER} for a production environment: a new environment never waits behind production's approval`,
      example: 2,
    },
    network: { ...NETWORK, description: "The VPC and its subnets." },
    flowLogs: { ...FLOW_LOGS, description: "Flow logs." },
    monitoring: MONITORING_FIELD,
    state: { ...STATE, description: "Terraform state in S3." },
    tags: {
      ...TAGS,
      description: `Tags added to every resource, next to ${RESERVED_TAG_KEYS.join(", ")} (which are the project's and may not be set here).`,
    },
    usage: {
      ...USAGE,
      optional: true,
      description: "What the environment's traffic and people do, for the cost estimate (no resource depends on it).",
      defaultText: "USAGE_DEFAULTS",
    },
  },
};

export const VPC_FLOW_LOG_MONITORING: ObjectDecl = {
  kind: "object",
  name: "VpcFlowLogMonitoringConfig",
  description:
    "Flow logs and their monitoring on a VPC that exists already (created elsewhere, in this stack or outside Terraform), for VpcFlowLogMonitoring. The stack that uses it owns the AWS provider and the state.",
  fields: {
    name: { ...NAME, description: "Name used in resource names (roles, key aliases, alarms, dashboard), like an environment name." },
    accountId: { ...ACCOUNT_ID, description: "The AWS account of the VPC and of the stack's AWS provider (12 digits)." },
    region: { ...REGION, description: "The AWS region of the VPC, such as `ap-northeast-1`." },
    production: {
      kind: "boolean",
      description: "Production strictness: retention of at least 365 days, log groups, buckets and their keys protected from destroy.",
      default: false,
    },
    vpcId: {
      kind: "string",
      pattern: VPC_ID_RE,
      valid: "expected a VPC id such as vpc-0123456789abcdef0, or a reference to a VPC resource's id",
      description: "The VPC's id (`vpc-...`), or a reference to a VPC resource's `id`.",
      example: "vpc-0123456789abcdef0",
    },
    flowLogs: { ...FLOW_LOGS, description: "Flow logs." },
    monitoring: MONITORING_FIELD,
    tags: {
      ...TAGS,
      description:
        "Tags on every resource this creates that takes tags, next to the stack's provider's default tags (a resource's own tags, such as Name, win).",
    },
  },
};
