// The configuration a shard set refuses before it opens a single session: a mistake here sends
// names to the wrong database silently, and is found months later as "available" names that
// were taken.
import type { ShardPicker } from "../hashing/shard-picker.ts";

/** The database URLs, checked: an array of distinct, non-empty strings, at least one. */
export function checkUrls(urls: unknown): readonly string[] {
  if (!Array.isArray(urls)) throw new TypeError("urls must be an array of database URLs");
  if (urls.length === 0) throw new RangeError("urls must name at least one database: there is nowhere to put a name");
  const seen = new Map<string, number>();
  for (const [index, url] of urls.entries()) {
    if (typeof url !== "string" || url.length === 0)
      throw new TypeError(`urls[${index}] must be a non-empty database URL, not ${JSON.stringify(url) ?? typeof url}`);
    const first = seen.get(url);
    // Two shards on one database would each count, load and move the other's rows as their own.
    if (first !== undefined)
      throw new RangeError(`urls[${index}] repeats urls[${first}] (${url}): each shard needs a database of its own`);
    seen.set(url, index);
  }
  return Object.freeze([...(urls as string[])]);
}

/** A picker whose every node is one of `shards`: it may leave a shard out (an empty shard waiting for a reshard), never name one that is not there. */
export function checkPicker(
  picker: unknown,
  shards: readonly string[],
  argument: string,
): asserts picker is ShardPicker {
  const nodes = (picker as ShardPicker | null)?.nodes;
  if (typeof (picker as ShardPicker | null)?.pick !== "function" || !Array.isArray(nodes))
    throw new TypeError(`${argument} must be a ShardPicker (chapter 23): nodes and pick()`);
  const stranger = nodes.find((node) => !shards.includes(node));
  if (stranger !== undefined)
    throw new RangeError(
      `${argument} places names on "${stranger}", which is not a shard of this set (${shards.join(", ")})`,
    );
}
