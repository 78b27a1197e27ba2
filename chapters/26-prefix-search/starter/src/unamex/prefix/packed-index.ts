// The in-process engine: every name's UTF-8, sorted by bytes, end to end in one buffer, with an
// array of where each name starts.
//
//   bytes    a d a a d a 1 a d a m b o b …        one Uint8Array, the names in byte order
//   starts   0     3       7       11  …  end    one Uint32Array: name i is bytes[starts[i] .. starts[i + 1])
//
// A million names of 12 bytes on average cost 12 MB + 4 MB, and nothing else: no object per
// name, so nothing for the garbage collector to walk. The same names as a Map-per-node trie cost
// a Map of about 80 bytes and more per character (see naive-trie.ts): some 870 MB.
//
// A search is a binary search for the first name at or after the prefix (or after the cursor's
// name), then a walk forward while names start with the prefix. Comparing bytes, not JavaScript
// strings, is what makes this engine agree with Redis and Postgres: `<` on strings compares
// UTF-16 units, and puts "a😀" (D83D DE00) before "a\uFFFD", where UTF-8 (F0 9F… > EF BF…) puts it after.
import { checkSearch } from "./arguments.ts";
import { pageOf } from "./cursor.ts";
import type { Page, PrefixEngine, SearchOptions } from "./engine.ts";

export class PackedPrefixIndex implements PrefixEngine {
  private constructor() {}

  /** The index of `names`, duplicates kept once. */
  static from(names: Iterable<string>): PackedPrefixIndex {
    // TODO(26): encode every name (TextEncoder), sort with compareBytes, drop duplicates, copy them end to end into one
    // Uint8Array with a Uint32Array of n + 1 starts.
    throw new Error(`TODO(26): PackedPrefixIndex.from() is not implemented (${typeof names})`);
  }

  /** How many names it holds. */
  get size(): number {
    throw new Error("TODO(26): PackedPrefixIndex.size is not implemented");
  }

  /** The bytes it keeps: the names' UTF-8 and the start of each. */
  get byteLength(): number {
    throw new Error("TODO(26): PackedPrefixIndex.byteLength is not implemented");
  }

  async search(prefix: string, options?: SearchOptions): Promise<Page> {
    // TODO(26): checkSearch(); binary search for the first name ≥ the prefix's bytes (> the cursor's name); walk forward
    // while names start with the prefix, up to limit + 1 of them; pageOf().
    throw new Error(
      `TODO(26): PackedPrefixIndex.search() is not implemented (prefix ${JSON.stringify(prefix)}, ${typeof checkSearch}, ${typeof pageOf}, ${typeof options})`,
    );
  }
}

/** Byte order, as memcmp and then length: what Redis and COLLATE "C" compare with. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // TODO(26): the first differing byte decides; when one is a prefix of the other, the shorter comes first.
  throw new Error(`TODO(26): compareBytes() is not implemented (${a.length} and ${b.length} bytes)`);
}
