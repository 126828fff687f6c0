/** A Terraform reference as cdktf writes it into JSON: `${aws_kms_key.key_1A2B3C4D.arn}`. */

const REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** The resource address and attribute a value refers to, when it is exactly one reference. */
export function parseReference(value: unknown): { readonly address: string; readonly attribute: string } | undefined {
  const m = typeof value === "string" ? REFERENCE.exec(value) : null;
  return m ? { address: m[1], attribute: m[2] } : undefined;
}
