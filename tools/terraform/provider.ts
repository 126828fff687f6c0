/** Which provider a Terraform run needs, as one value: its source address and exact version. */
export interface ProviderPin {
  /** Full source address, such as `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** Exact version, such as `5.100.0`. */
  readonly version: string;
}

/** The AWS provider the `@cdktf/provider-aws` bindings were generated from. */
export const AWS_PROVIDER: ProviderPin = { source: "registry.terraform.io/hashicorp/aws", version: "5.100.0" };

/** The provider's type name (`aws`) from its source address. */
export function providerType(pin: ProviderPin): string {
  return pin.source.split("/").pop() as string;
}
