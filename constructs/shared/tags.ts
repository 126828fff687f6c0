/** Tags on the resources of a construct, for a stack whose provider's default tags are not ours. */
import type { IConstruct } from "constructs";

/** A provider resource that takes tags (every such class has `tags` and `tagsInput`). */
interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is IConstruct & Taggable {
  return "tagsInput" in node;
}

/**
 * Adds `tags` to every resource under `scope` that takes tags. A resource's own tags win over
 * them, as they win over a provider's default tags.
 */
export function tagResources(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
  if (Object.keys(tags).length === 0) return;
  for (const node of scope.node.findAll()) {
    if (isTaggable(node)) node.tags = { ...tags, ...(node.tagsInput ?? {}) };
  }
}
