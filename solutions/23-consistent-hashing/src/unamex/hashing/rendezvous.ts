// Rendezvous hashing, or highest random weight (Thaler and Ravishankar, "Using Name-Based
// Mappings to Increase Hit Rates", IEEE/ACM Transactions on Networking, 1998).
//
// Every node scores every key with a pseudo-random weight computed from both; the key goes to the
// node with the highest score. Each key's contest is independent of the others, so:
//   - a new node wins exactly the keys on which it outscores the current winner, 1/(n + 1) of
//     them on average, and those keys move to it and nowhere else;
//   - a node that leaves hands each of its keys to that key's runner-up, which spreads them over
//     all the other nodes instead of dumping them on one neighbour, as a ring without vnodes does;
//   - nodes have names, not numbers, and any of them can leave.
// The cost is a lookup in O(n): fine for the handful of shards of a database, too slow for
// thousands of cache servers (where a ring or a skeleton-based variant is used).
//
// The weight of node N for a key K is mix64(keyHash(K) XOR keyHash(N)): one hash of the key per
// lookup, one of each node when the picker is made. mix64 is a bijection, so two nodes with
// different hashes can never tie on a key.
import { keyHash, mix64 } from "./key-hash.ts";
import { checkNodes, removeNode, type ShardPicker } from "./shard-picker.ts";

/** The weight of `node` for a key whose hash is `hash`: the highest weight wins the key. */
export function rendezvousWeight(hash: bigint, nodeHash: bigint): bigint {
  return mix64(hash ^ nodeHash);
}

export class Rendezvous implements ShardPicker {
  readonly nodes: readonly string[];
  /** keyHash of each node, computed once. */
  readonly #nodeHashes: readonly bigint[];

  constructor(nodes: readonly string[]) {
    this.nodes = checkNodes(nodes);
    this.#nodeHashes = this.nodes.map(keyHash);
  }

  pick(key: string): string {
    const hash = keyHash(key);
    let winner = 0;
    let best = -1n;
    for (let i = 0; i < this.nodes.length; i++) {
      const weight = rendezvousWeight(hash, this.#nodeHashes[i]!);
      // A tie (two node names with one hash) goes to the smaller name, whatever the order of nodes.
      if (weight > best || (weight === best && this.nodes[i]! < this.nodes[winner]!)) {
        winner = i;
        best = weight;
      }
    }
    return this.nodes[winner]!;
  }

  withNode(node: string): Rendezvous {
    return new Rendezvous([...this.nodes, node]);
  }

  withoutNode(node: string): Rendezvous {
    return new Rendezvous(removeNode(this.nodes, node));
  }
}
