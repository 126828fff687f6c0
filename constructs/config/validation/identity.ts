/** Name, account, region and production flag: the part every kind of config shares. */
import { unknownRegionProblem } from "../../shared/regions";
import { checkDeclared } from "../fields/declare";
import { ENVIRONMENT } from "../fields/environment";
import { REGION } from "../fields/identity";
import type { Checker, Obj } from "./checker";

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

/** Checks a region code: its form, then that AWS has it. */
export function checkRegion(c: Checker, path: string, v: unknown): boolean {
  if (!checkDeclared(c, path, v, REGION)) return false;
  const problem = unknownRegionProblem(v as string);
  if (problem) c.fail(path, v, problem);
  return problem === undefined;
}

export function checkIdentity(c: Checker, o: Obj): CheckedIdentity {
  const fields = ENVIRONMENT.fields;
  checkDeclared(c, "name", o.name, fields.name);
  if (o.name === "state-bootstrap") c.fail("name", o.name, '"state-bootstrap" is the name of the state bucket stack');
  checkDeclared(c, "accountId", o.accountId, fields.accountId);
  const regionOk = checkRegion(c, "region", o.region);
  const production = o.production ?? fields.production.default;
  checkDeclared(c, "production", production, fields.production);
  return {
    name: o.name as string,
    accountId: o.accountId as string,
    region: regionOk ? (o.region as string) : undefined,
    production: production as boolean,
  };
}
