/** Name, account, region and production flag: the part every kind of config shares. */
import { unknownRegionProblem } from "../../shared/regions";
import type { Checker, Obj } from "./checker";
import { ACCOUNT_RE, ENV_NAME_RE, REGION_RE } from "./patterns";

/** The label of an environment in messages, safe even when its name is invalid. */
export function envLabel(raw: unknown, index?: number, noun = "environment"): string {
  const name = typeof raw === "object" && raw !== null ? (raw as Obj).name : undefined;
  if (typeof name === "string" && name.length > 0) return `${noun} "${name}"`;
  return index === undefined ? `${noun} (unnamed)` : `${noun} #${index + 1} (unnamed)`;
}

/** The checked identity; `region` is undefined when it is invalid (checks that need it skip). */
export interface CheckedIdentity {
  readonly name: string;
  readonly accountId: string;
  readonly region: string | undefined;
  readonly production: boolean;
}

/** What a valid account id and region are, as every config's messages say it. */
export const VALID_ACCOUNT = 'expected a 12-digit AWS account id, as a string (such as "111122223333")';
export const VALID_REGION = "expected an AWS region code such as ap-northeast-1";

/** Checks a region code: its form, then that AWS has it. */
export function checkRegion(c: Checker, path: string, v: unknown): boolean {
  if (!c.string(path, v, REGION_RE, VALID_REGION)) return false;
  const problem = unknownRegionProblem(v);
  if (problem) c.fail(path, v, problem);
  return problem === undefined;
}

export function checkIdentity(c: Checker, o: Obj): CheckedIdentity {
  c.string(
    "name",
    o.name,
    ENV_NAME_RE,
    "expected 1 to 20 lowercase letters, digits and single hyphens, beginning with a letter (it is the stack id)",
  );
  if (o.name === "state-bootstrap") c.fail("name", o.name, '"state-bootstrap" is the name of the state bucket stack');
  c.string("accountId", o.accountId, ACCOUNT_RE, VALID_ACCOUNT);
  const regionOk = checkRegion(c, "region", o.region);
  const production = o.production ?? false;
  c.boolean("production", production);
  return {
    name: o.name as string,
    accountId: o.accountId as string,
    region: regionOk ? (o.region as string) : undefined,
    production: production as boolean,
  };
}
