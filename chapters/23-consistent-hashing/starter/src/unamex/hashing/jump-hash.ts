// Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
// Google, 2014): no ring, no table, a few lines of arithmetic, and a perfectly even spread.
//
// Picture the buckets growing one at a time, 1, 2, …, n. When there are b + 1 buckets and one more
// is added, a key must move to the new bucket with probability 1/(b + 2) and otherwise stay put:
// then every bucket always holds 1/(b + 2) of the keys, and the only keys that move go to the new
// bucket. Rather than flipping a coin at every size, the algorithm draws, from a generator seeded
// with the key, the next size at which the key jumps: from bucket b, with r uniform in (0, 1], the
// key next lands on bucket j = ⌊(b + 1) / r⌋, skipping every size in between. The expected number
// of jumps to reach n buckets is about ln n.
//
// The price: buckets are numbers 0 … n − 1. Nodes can be added or removed only at the end; a node
// in the middle cannot leave without renumbering the buckets after it (and moving their keys).
// That suits shards of a database, which are replaced rather than removed, more than cache servers.
import { keyHash } from "./key-hash.ts";
import { checkNodes, removeNode, type ShardPicker } from "./shard-picker.ts";

/** The 64-bit linear congruential generator of the paper: state ← state × 2862933555777941757 + 1 (mod 2^64). */
const LCG_MULTIPLIER = 2862933555777941757n;
/** The paper counts buckets in a signed 32-bit integer. */
export const MAX_BUCKETS = 2 ** 31 - 1;

/** The bucket in [0, buckets) of a 64-bit `key`, as the paper's jump_consistent_hash computes it. */
export function jumpHash(key: bigint, buckets: number): number {
  // TODO(23): a TypeError unless key is a bigint, a RangeError naming key outside [0, 2^64) and
  // one naming buckets unless it is a whole number from 1 to MAX_BUCKETS. Then the paper's loop:
  // bucket = -1, next = 0; while next < buckets: bucket = next; state = state × LCG_MULTIPLIER + 1
  // (mod 2^64); next = ⌊(bucket + 1) × 2^31 / ((state >> 33) + 1)⌋, in floating point.
  throw new Error(`TODO(23): jumpHash() is not implemented (key ${key}, ${buckets} buckets)`);
}

export class JumpHash implements ShardPicker {
  readonly nodes: readonly string[];

  constructor(nodes: readonly string[]) {
    // TODO(23): this.nodes = checkNodes(nodes).
    this.nodes = nodes;
    throw new Error(`TODO(23): new JumpHash() is not implemented (${nodes.length} nodes)`);
  }

  pick(key: string): string {
    // TODO(23): bucket i is nodes[i]: the bucket of keyHash(key) among nodes.length.
    throw new Error(`TODO(23): JumpHash.pick() is not implemented (key ${JSON.stringify(key)})`);
  }

  /** `node` becomes the last bucket, number nodes.length. */
  withNode(node: string): JumpHash {
    return new JumpHash([...this.nodes, node]);
  }

  /** Only the last node can leave: any other would renumber the buckets after it. */
  withoutNode(node: string): JumpHash {
    // TODO(23): a RangeError naming node when it is one of the nodes but not the last; otherwise
    // the picker of removeNode(this.nodes, node) (which refuses a node that is not there).
    throw new Error(`TODO(23): JumpHash.withoutNode() is not implemented (node ${JSON.stringify(node)})`);
  }
}
