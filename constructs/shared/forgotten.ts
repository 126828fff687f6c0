/**
 * Resources Terraform forgets without destroying them: `removed` blocks with `destroy = false`
 * (Terraform 1.7 or later), for what must stay in AWS as it is when the config no longer
 * manages it (a retired destination's bucket, an object in a bucket whose Object Lock would
 * refuse its deletion). A resource's address is found by building it again where it was, then
 * taking it out of the tree: the same construct path gives the same address.
 */
import type { Construct, IConstruct } from "constructs";
import { TerraformResource, TerraformStack } from "cdktf";

/** A Terraform `removed` block that keeps the resource in AWS. */
interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

/** Each stack's removed blocks, written once as the stack's `removed` list. */
const REMOVED = new WeakMap<TerraformStack, RemovedBlock[]>();

/** The Terraform addresses of the resources under `node`. */
export function resourceAddresses(node: IConstruct): string[] {
  return node.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
}

/**
 * Builds `make()` under `scope` as child `id`, forgets every resource it makes (`removed`,
 * `destroy = false`), and takes it out of the tree; returns their addresses.
 */
export function forget(scope: Construct, id: string, make: () => IConstruct): string[] {
  const stack = TerraformStack.of(scope);
  const built = resourceAddresses(make());
  scope.node.tryRemoveChild(id);
  let blocks = REMOVED.get(stack);
  if (!blocks) {
    blocks = [];
    REMOVED.set(stack, blocks);
    stack.addOverride("removed", blocks);
  }
  blocks.push(...built.map((from) => ({ from, lifecycle: { destroy: false as const } })));
  return built;
}
