/** Tags the user adds to every resource. */
import { RESERVED_TAG_KEYS } from "../defaults";
import type { Checker } from "./checker";

/** Checks tags; `reserved` are keys the project sets itself (an environment's Project, ...). */
export function checkTags(c: Checker, v: unknown, reserved: readonly string[] = RESERVED_TAG_KEYS): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    c.fail("tags", v, "expected an object of tag keys to string values");
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith("aws:")) {
      c.fail(`tags.${k}`, k, "a tag key is 1 to 128 characters and may not begin with aws:");
    } else if (reserved.includes(k)) {
      c.fail(`tags.${k}`, val, `${reserved.join(", ")} are set by this project on every resource`);
    } else if (typeof val !== "string" || val.length > 256) {
      c.fail(`tags.${k}`, val, "a tag value is a string of at most 256 characters");
    } else {
      out[k] = val;
    }
  }
  return out;
}
