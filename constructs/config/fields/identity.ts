/** The fields every kind of config shares: a name, an account and a region. */
import { ACCOUNT_RE, ENV_NAME_RE, REGION_RE } from "../validation/patterns";
import type { StringDecl } from "./declare";

export const ACCOUNT_ID: StringDecl = {
  kind: "string",
  pattern: ACCOUNT_RE,
  valid: 'expected a 12-digit AWS account id, as a string (such as "111122223333")',
  example: "111111111111",
};
export const REGION: StringDecl = {
  kind: "string",
  pattern: REGION_RE,
  valid: "expected an AWS region code such as ap-northeast-1",
  example: "ap-northeast-1",
};
export const NAME: StringDecl = {
  kind: "string",
  pattern: ENV_NAME_RE,
  valid: "expected 1 to 20 lowercase letters, digits and single hyphens, beginning with a letter (it is the stack id)",
  example: "dev",
};
