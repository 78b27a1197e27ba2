// Two numbers decide whether a placement is any good, and both are measured here on real keys
// rather than argued about:
//
//   spread    how evenly keys fall on the nodes: the fullest node's count over the mean count.
//             1.0 is perfect; 1.2 means one node holds 20% more than its share, and a cluster is
//             sized for its fullest node.
//   movement  what changing the nodes costs: the share of keys whose node changed, and where
//             they went. Each moved key is a row to copy and a cache entry lost. The least any
//             placement can move when a node joins is that node's share: 1/5 going from 4 to 5.
import type { ShardPicker } from "./shard-picker.ts";

export interface Spread {
  /** How many keys were placed. */
  readonly keys: number;
  /** Keys per node, every node of the picker listed (0 when it got none). */
  readonly counts: Readonly<Record<string, number>>;
  /** keys / number of nodes. */
  readonly mean: number;
  /** The largest count. */
  readonly max: number;
  /** max / mean: 1 when perfectly even. */
  readonly maxOverMean: number;
}

export interface Movement {
  /** How many keys were placed by both pickers. */
  readonly keys: number;
  /** Keys whose node differs between the two pickers. */
  readonly moved: number;
  /** moved / keys. */
  readonly fraction: number;
  /** Moved keys by the node they left, every node of `before` listed. */
  readonly movedFrom: Readonly<Record<string, number>>;
  /** Moved keys by the node they reached, every node of `after` listed. */
  readonly movedTo: Readonly<Record<string, number>>;
}

function zeroes(nodes: readonly string[]): Record<string, number> {
  return Object.fromEntries(nodes.map((node) => [node, 0]));
}

/** How `picker` spreads `keys` over its nodes. */
export function spread(picker: ShardPicker, keys: Iterable<string>): Spread {
  // TODO(23): counts starts as zeroes(picker.nodes); count every key's pick, reading keys once;
  // then mean, max and maxOverMean (0 when there are no keys).
  throw new Error(`TODO(23): spread() is not implemented (${picker.nodes.length} nodes)`);
}

/** Which of `keys` change node between `before` and `after`, and where they go. */
export function movement(before: ShardPicker, after: ShardPicker, keys: Iterable<string>): Movement {
  // TODO(23): movedFrom = zeroes(before.nodes), movedTo = zeroes(after.nodes); read keys once,
  // pick each with both pickers, and count the keys whose node differs, by where they left and went.
  throw new Error(`TODO(23): movement() is not implemented (${before.nodes.length} → ${after.nodes.length} nodes)`);
}
