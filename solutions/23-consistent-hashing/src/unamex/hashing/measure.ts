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
  const counts = zeroes(picker.nodes);
  let total = 0;
  for (const key of keys) {
    const node = picker.pick(key);
    counts[node] = (counts[node] ?? 0) + 1;
    total++;
  }
  const mean = total / picker.nodes.length;
  const max = Math.max(...Object.values(counts));
  return { keys: total, counts, mean, max, maxOverMean: total === 0 ? 0 : max / mean };
}

/** Which of `keys` change node between `before` and `after`, and where they go. */
export function movement(before: ShardPicker, after: ShardPicker, keys: Iterable<string>): Movement {
  const movedFrom = zeroes(before.nodes);
  const movedTo = zeroes(after.nodes);
  let total = 0;
  let moved = 0;
  for (const key of keys) {
    total++;
    const from = before.pick(key);
    const to = after.pick(key);
    if (from === to) continue;
    moved++;
    movedFrom[from] = (movedFrom[from] ?? 0) + 1;
    movedTo[to] = (movedTo[to] ?? 0) + 1;
  }
  return { keys: total, moved, fraction: total === 0 ? 0 : moved / total, movedFrom, movedTo };
}
