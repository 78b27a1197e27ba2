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
  if (typeof key !== "bigint") throw new TypeError(`key must be a bigint, not ${typeof key}`);
  if (key < 0n || key >= 2n ** 64n) throw new RangeError(`key must be an unsigned 64-bit integer, not ${key}`);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS)
    throw new RangeError(`buckets must be a whole number from 1 to ${MAX_BUCKETS}, not ${buckets}`);
  let state = key;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    state = BigInt.asUintN(64, state * LCG_MULTIPLIER + 1n);
    // r = ((state >> 33) + 1) / 2^31 is uniform in (0, 1]: the top 31 bits, the LCG's best.
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(state >> 33n) + 1)));
  }
  return bucket;
}

export class JumpHash implements ShardPicker {
  readonly nodes: readonly string[];

  constructor(nodes: readonly string[]) {
    this.nodes = checkNodes(nodes);
  }

  pick(key: string): string {
    return this.nodes[jumpHash(keyHash(key), this.nodes.length)]!;
  }

  /** `node` becomes the last bucket, number nodes.length. */
  withNode(node: string): JumpHash {
    return new JumpHash([...this.nodes, node]);
  }

  /** Only the last node can leave: any other would renumber the buckets after it. */
  withoutNode(node: string): JumpHash {
    const last = this.nodes.at(-1);
    if (this.nodes.includes(node) && node !== last)
      throw new RangeError(
        `node "${node}" is not the last node ("${last}"): jump hash numbers its buckets, and only the last can be removed`,
      );
    return new JumpHash(removeNode(this.nodes, node));
  }
}
