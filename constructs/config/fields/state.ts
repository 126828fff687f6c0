/** The state's fields: where an environment's Terraform state lives. */
import { PROJECT_NAME } from "../../shared/names";
import { KEY_PREFIX_RE, KMS_KEY_RE } from "../validation/patterns";
import type { ObjectDecl } from "./declare";
import { REGION } from "./identity";

export const STATE: ObjectDecl = {
  kind: "object",
  name: "StateConfig",
  description: "Where the environment's Terraform state lives.",
  fields: {
    bucket: {
      kind: "string",
      description: "Name of the S3 bucket that holds the state (created by the `state-bootstrap` stack).",
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      valid:
        "expected an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or a digit",
      example: "acme-network-monitoring-tfstate",
    },
    keyPrefix: {
      kind: "string",
      description: "Prefix of the state key: the key is `<keyPrefix>/<environment>/terraform.tfstate`.",
      pattern: KEY_PREFIX_RE,
      valid: "expected path segments of letters, digits and !_.*'()- separated by single slashes, with no leading or trailing slash",
      default: PROJECT_NAME,
    },
    region: {
      ...REGION,
      description: "Region of the state bucket.",
      defaultText: "the environment's region",
    },
    kmsKeyId: {
      kind: "string",
      description: "KMS key (id, ARN or alias ARN) to encrypt the state object with.",
      pattern: KMS_KEY_RE,
      valid: "expected a KMS key id, key ARN, alias/name or alias ARN",
      defaultText: "the bucket's default encryption",
      example: "alias/terraform-state",
    },
  },
};
