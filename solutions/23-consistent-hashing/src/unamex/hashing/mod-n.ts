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
    this.nodes = checkNodes(nodes);
    this.#count = BigInt(this.nodes.length);
  }

  pick(key: string): string {
    return this.nodes[Number(keyHash(key) % this.#count)]!;
  }

  withNode(node: string): ModN {
    return new ModN([...this.nodes, node]);
  }

  withoutNode(node: string): ModN {
    return new ModN(removeNode(this.nodes, node));
  }
}
