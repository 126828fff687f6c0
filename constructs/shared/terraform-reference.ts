/** A Terraform reference as cdktf writes it into JSON: `${aws_kms_key.key_1A2B3C4D.arn}`. */

const PATTERN = String.raw`\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}`;
const REFERENCE = new RegExp(`^${PATTERN}$`);

/** The resource address and attribute a value refers to, when it is exactly one reference. */
export function parseReference(value: unknown): { readonly address: string; readonly attribute: string } | undefined {
  const m = typeof value === "string" ? REFERENCE.exec(value) : null;
  return m ? { address: m[1], attribute: m[2] } : undefined;
}

/** `text` with each reference inside it (a policy naming a key's ARN) replaced by `value(address, attribute)`. */
export function replaceReferences(text: string, value: (address: string, attribute: string) => string): string {
  return text.replace(new RegExp(PATTERN, "g"), (_, address: string, attribute: string) => value(address, attribute));
}
