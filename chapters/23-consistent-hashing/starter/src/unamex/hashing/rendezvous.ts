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
  // TODO(23): mix64 of the key's hash XOR the node's hash.
  throw new Error(`TODO(23): rendezvousWeight() is not implemented (${hash}, ${nodeHash})`);
}

export class Rendezvous implements ShardPicker {
  readonly nodes: readonly string[];
  /** keyHash of each node, computed once. */
  readonly #nodeHashes: readonly bigint[];

  constructor(nodes: readonly string[]) {
    // TODO(23): this.nodes = checkNodes(nodes); #nodeHashes = keyHash of each node.
    this.nodes = nodes;
    this.#nodeHashes = [];
    throw new Error(`TODO(23): new Rendezvous() is not implemented (${nodes.length} nodes)`);
  }

  pick(key: string): string {
    // TODO(23): the node whose rendezvousWeight(keyHash(key), its hash) is highest; on an exact
    // tie, the smaller name.
    throw new Error(`TODO(23): Rendezvous.pick() is not implemented (key ${JSON.stringify(key)})`);
  }

  withNode(node: string): Rendezvous {
    return new Rendezvous([...this.nodes, node]);
  }

  withoutNode(node: string): Rendezvous {
    return new Rendezvous(removeNode(this.nodes, node));
  }
}
