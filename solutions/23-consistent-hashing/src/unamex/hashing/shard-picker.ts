// One interface for every way of placing keys on nodes, so that a router (chapter 24) can take
// any of them, and the measurements (measure.ts) can compare them on the same keys.
//
// A picker is a value: its nodes are fixed when it is made, and withNode()/withoutNode() return a
// new picker. Keeping the picker before a change next to the picker after it is what lets a
// router work out which keys must move, and lets measure.ts count them.

export interface ShardPicker {
  /** The nodes keys are placed on, in the order they were given (for ModN and JumpHash, bucket i is nodes[i]). */
  readonly nodes: readonly string[];
  /** The node that owns `key`: the same answer for the same key and nodes, in every process. */
  pick(key: string): string;
  /** A picker with one more node. */
  withNode(node: string): ShardPicker;
  /** A picker without `node`. */
  withoutNode(node: string): ShardPicker;
}

/**
 * The nodes a picker is made with, checked: an array of distinct, non-empty strings, at least one.
 * A duplicate would be a node counted twice (twice the keys for ModN and JumpHash, a tie in every
 * Rendezvous contest), so it is refused rather than merged. Returns a frozen copy.
 */
export function checkNodes(nodes: unknown): readonly string[] {
  if (!Array.isArray(nodes)) throw new TypeError("nodes must be an array of node names");
  if (nodes.length === 0) throw new RangeError("nodes must name at least one node: there is nowhere to put a key");
  const seen = new Set<string>();
  for (const [index, node] of nodes.entries()) {
    if (typeof node !== "string" || node.length === 0)
      throw new TypeError(`nodes[${index}] must be a non-empty string, not ${JSON.stringify(node) ?? typeof node}`);
    if (seen.has(node))
      throw new RangeError(`nodes names "${node}" twice (nodes[${index}]): each node must be distinct`);
    seen.add(node);
  }
  return Object.freeze([...(nodes as string[])]);
}

/** The nodes without `node`, or a RangeError when it is not one of them or is the last one. */
export function removeNode(nodes: readonly string[], node: string): string[] {
  if (!nodes.includes(node)) throw new RangeError(`node "${node}" is not one of the nodes (${nodes.join(", ")})`);
  if (nodes.length === 1) throw new RangeError(`node "${node}" is the only node: a picker needs at least one`);
  return nodes.filter((n) => n !== node);
}
