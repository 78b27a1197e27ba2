// The placement everyone writes first: hash the key, take it modulo the number of nodes. Keys
// spread evenly, and a lookup is one division. It is also the trap of this chapter: the answer
// depends on N itself, so changing N moves almost every key. From 4 nodes to 5, a key stays only
// if h mod 4 = h mod 5, which holds for 4 of every 20 residues of h mod 20: 80% of the keys move,
// and most of them between two old nodes, where no capacity was added.
import { keyHash } from "./key-hash.ts";
import { checkNodes, removeNode, type ShardPicker } from "./shard-picker.ts";

export class ModN implements ShardPicker {
  readonly nodes: readonly string[];
  readonly #count: bigint;

  constructor(nodes: readonly string[]) {
    // TODO(23): this.nodes = checkNodes(nodes) (a checked, frozen copy); #count = the number of nodes, as a bigint.
    this.nodes = nodes;
    this.#count = 0n;
    throw new Error(`TODO(23): new ModN() is not implemented (${nodes.length} nodes)`);
  }

  pick(key: string): string {
    // TODO(23): the node at keyHash(key) mod the node count, the remainder taken as a bigint.
    throw new Error(`TODO(23): ModN.pick() is not implemented (key ${JSON.stringify(key)})`);
  }

  withNode(node: string): ModN {
    return new ModN([...this.nodes, node]);
  }

  withoutNode(node: string): ModN {
    return new ModN(removeNode(this.nodes, node));
  }
}
