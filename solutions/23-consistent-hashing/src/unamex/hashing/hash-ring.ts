// Consistent hashing on a ring (Karger et al., STOC 1997), with virtual nodes.
//
// Hash every node onto the circle of 64-bit numbers, hash the key onto the same circle, and walk
// clockwise: the key belongs to the first node point at or after its hash, wrapping past 2^64 − 1
// to the first point. A new node takes over only the arcs just before its own points, from the
// nodes that owned them, and every other key stays where it was; a node that leaves hands its arcs
// to the next point clockwise.
//
// With one point per node, n points cut the circle into arcs of very unequal length (the largest
// of 4 random arcs is about twice the mean), so each node gets `vnodes` points, "node#0",
// "node#1", …: a node's share is then the sum of many arcs, and its deviation from 1/n shrinks
// like 1/√vnodes. 160 is ketama's choice (libketama, 2007), used by memcached clients since.
//
// A lookup is a binary search over the sorted points: O(log(n·vnodes)).
import { keyHash } from "./key-hash.ts";
import { checkNodes, removeNode, type ShardPicker } from "./shard-picker.ts";

/** Points per node unless told otherwise: ketama's 160 keeps 4 or 5 nodes within about ±10% of their share. */
export const DEFAULT_VNODES = 160;
/**
 * The most points per node. Spread improves only like 1/√vnodes, so beyond a few thousand points
 * the gain is below what any real key set can show, while building the ring costs n·vnodes hashes.
 */
export const MAX_VNODES = 10_000;

export interface HashRingOptions {
  /** Points per node on the ring, from 1 to MAX_VNODES (default DEFAULT_VNODES). */
  readonly vnodes?: number;
}

/** The label whose hash is the ring position of point `index` of `node`: "shard-0#17". */
export function vnodeLabel(node: string, index: number): string {
  return `${node}#${index}`;
}

export class HashRing implements ShardPicker {
  readonly nodes: readonly string[];
  readonly vnodes: number;
  /** Every node's points, in increasing order. */
  readonly #points: BigUint64Array;
  /** owners[i] is the node of points[i]. */
  readonly #owners: readonly string[];

  constructor(nodes: readonly string[], { vnodes = DEFAULT_VNODES }: HashRingOptions = {}) {
    this.nodes = checkNodes(nodes);
    if (!Number.isInteger(vnodes) || vnodes < 1 || vnodes > MAX_VNODES)
      throw new RangeError(`vnodes must be a whole number from 1 to ${MAX_VNODES}, not ${vnodes}`);
    this.vnodes = vnodes;
    const placed: { point: bigint; node: string }[] = [];
    for (const node of this.nodes)
      for (let index = 0; index < vnodes; index++) placed.push({ point: keyHash(vnodeLabel(node, index)), node });
    // Two points on the same number (a 64-bit collision) go to the smaller name, so the ring does
    // not depend on the order the nodes were given in.
    placed.sort((a, b) =>
      a.point !== b.point ? (a.point < b.point ? -1 : 1) : a.node < b.node ? -1 : a.node > b.node ? 1 : 0,
    );
    this.#points = BigUint64Array.from(placed, (p) => p.point);
    this.#owners = placed.map((p) => p.node);
  }

  pick(key: string): string {
    const hash = keyHash(key);
    const points = this.#points;
    // The first point ≥ hash; past the last point the ring wraps to the first.
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < hash) low = middle + 1;
      else high = middle;
    }
    return this.#owners[low === points.length ? 0 : low]!;
  }

  withNode(node: string): HashRing {
    return new HashRing([...this.nodes, node], { vnodes: this.vnodes });
  }

  withoutNode(node: string): HashRing {
    return new HashRing(removeNode(this.nodes, node), { vnodes: this.vnodes });
  }
}
