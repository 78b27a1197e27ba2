// The trap: the prefix tree everyone writes first, a Map of children per node. It answers a
// prefix in O(length of the prefix) and is easy to read — and for a million usernames it needs
// close to a gigabyte. Every character of every name that no other name shares is a node: an
// object, its Map (a hash table that starts with room for several entries) and the key string,
// some hundreds of bytes for one byte of data. Kept here to be measured (pnpm bench unamex
// --only prefix), not used: PackedPrefixIndex holds the same names in about 16 bytes each.

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

export class NaiveTrie {
  readonly #root: TrieNode = { children: new Map(), end: false };

  add(name: string): void {
    let node = this.#root;
    for (const char of name) {
      let child = node.children.get(char);
      if (!child) node.children.set(char, (child = { children: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }

  /** Up to `limit` names under `prefix`, depth first (in code point order only if the children are sorted, which they are not). */
  search(prefix: string, limit: number): string[] {
    let node: TrieNode | undefined = this.#root;
    for (const char of prefix) node = node?.children.get(char);
    const found: string[] = [];
    const walk = (at: TrieNode, name: string) => {
      if (found.length >= limit) return;
      if (at.end) found.push(name);
      for (const [char, child] of at.children) walk(child, name + char);
    };
    if (node) walk(node, prefix);
    return found;
  }
}
