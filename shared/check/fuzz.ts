// Seeded input mangling for fuzz checks: start from valid protocol messages and break them a
// little, so the input gets past a parser's first byte and into its deeper states.

/** Bytes that mean something to line-based protocols: where parsers go wrong. */
const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x3a, 0x2f, 0x7f, 0x80, 0xff, 0x22, 0x3b, 0x2c];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function byte(random: () => number): number {
  return random() < 0.5 ? pick(INTERESTING, random) : Math.floor(random() * 256);
}

/** `length` uniformly random bytes. */
export function randomBytes(length: number, random: () => number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/**
 * Applies 1–4 random edits to `input`: replace, insert or delete a byte, duplicate or drop a
 * slice, or cut the input short. The same seed always gives the same result.
 */
export function mutate(input: Buffer, random: () => number): Buffer {
  let bytes = [...input];
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const span = 1 + Math.floor(random() * 8);
    switch (Math.floor(random() * 6)) {
      case 0:
        if (at < bytes.length) bytes[at] = byte(random);
        break;
      case 1:
        bytes.splice(at, 0, byte(random));
        break;
      case 2:
        bytes.splice(at, 1);
        break;
      case 3:
        bytes.splice(at, 0, ...bytes.slice(at, at + span));
        break;
      case 4:
        bytes.splice(at, span);
        break;
      default:
        bytes = bytes.slice(0, at);
    }
  }
  return Buffer.from(bytes);
}
