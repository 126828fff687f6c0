/**
 * Before synth, cdktf prepares each stack: it resolves every element of the stack once, besides
 * the resolution synth does, to find references to other stacks' resources and route each
 * through an output and a remote-state data source. That pass was the largest part of what
 * synth costs above loading its modules (docs/development.md, "Speed patches").
 *
 * What a stack of this project makes from a config that holds no token can refer only to the
 * stack's own resources: no such element can hold another stack's reference. Those elements
 * are left out of the pass; every other element (one added to the stack later, by an app or a
 * subclass) is prepared as cdktf prepares it, and a config that holds a token (a reference a
 * team handed in, perhaps to another stack's bucket) has the whole stack prepared.
 */
import type { Construct, IConstruct } from "constructs";
import { patchApplied } from "../shared/speed-patches";
import { REQUIRED_TERRAFORM } from "../state/backend";
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Token, Tokenization } from "cdktf";

/** The Terraform elements of a stack, without descending into a nested stack (as cdktf lists them). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
  return into;
}

/** Whether a config value holds a token anywhere (a reference to a resource, of this stack or another). */
export function holdsToken(value: unknown): boolean {
  if (typeof value === "string") return Token.isUnresolved(value);
  if (typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(holdsToken);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsToken);
  return false;
}

export { REQUIRED_TERRAFORM } from "../state/backend";

/**
 * A stack of this project: what its constructor made from a config without tokens (marked by
 * {@link madeFromLiterals} at its end) is left out of cdktf's preparing pass; everything else,
 * and the whole stack when the config holds a token, is prepared as cdktf prepares it.
 */
export abstract class LiteralConfigStack extends TerraformStack {
  private madeHere?: ReadonlySet<TerraformElement>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM);
  }

  /**
   * Always false for cdktf, which asks only to add, to a stack with `moved` blocks, a check that
   * runs `terraform version` in a shell at every synth: 60 to 90 ms a stack, and a synth on a
   * machine without Terraform failed ("Could not determine version of terraform"). The stack
   * declares the version it needs ({@link REQUIRED_TERRAFORM}) instead: Terraform checks it
   * itself, at init and at every plan, and names both versions when they do not agree.
   */
  override hasResourceMove(): boolean {
    return false;
  }

  /** Marks what the stack has made so far as made from `config`: left out of the pass unless `config` holds a token. */
  protected madeFromLiterals(config: unknown): void {
    this.madeHere = holdsToken(config) ? undefined : new Set(elementsOf(this));
  }

  /** cdktf's preparing pass, over what this stack did not make itself from literals. */
  override prepareStack(): void {
    const skip = this.madeHere;
    if (!skip || !patchApplied("prepare")) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
    const resolver = new DefaultTokenResolver(new StringConcat());
    for (const element of elementsOf(this)) {
      if (!skip.has(element)) Tokenization.resolve(element.toTerraform(), { scope: this, preparing: true, resolver });
    }
  }
}
