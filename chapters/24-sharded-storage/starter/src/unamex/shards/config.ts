// The configuration a shard set refuses before it opens a single session: a mistake here sends
// names to the wrong database silently, and is found months later as "available" names that
// were taken.
import type { ShardPicker } from "../hashing/shard-picker.ts";

/** The database URLs, checked: an array of distinct, non-empty strings, at least one. */
export function checkUrls(urls: unknown): readonly string[] {
  // TODO(24): a TypeError naming urls unless it is an array; a RangeError naming urls when it is
  // empty; a TypeError naming urls[i] for an entry that is not a non-empty string; a RangeError
  // naming urls[i] for a URL already listed. Then a frozen copy.
  return urls as readonly string[];
}

/** A picker whose every node is one of `shards`: it may leave a shard out (an empty shard waiting for a reshard), never name one that is not there. */
export function checkPicker(
  picker: unknown,
  shards: readonly string[],
  argument: string,
): asserts picker is ShardPicker {
  // TODO(24): a TypeError naming `argument` unless picker has nodes and pick(); a RangeError
  // naming the first node that is not one of `shards`.
  void picker;
  void shards;
  void argument;
}
