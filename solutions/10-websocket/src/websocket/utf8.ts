// UTF-8 validation, byte by byte, so a text message can be checked as its fragments arrive
// (RFC 6455 §8.1: invalid UTF-8 fails the connection with 1007) — including a character whose
// bytes are split between two fragments. The rules are RFC 3629 §4's:
//
//   first byte   then                          code points
//   00–7F        nothing                       U+0000–U+007F
//   C2–DF        80–BF                         U+0080–U+07FF     (C0, C1: overlong, never valid)
//   E0           A0–BF, 80–BF                  U+0800–U+0FFF     (80–9F would be overlong)
//   E1–EC, EE–EF 80–BF, 80–BF                  U+1000–U+FFFF
//   ED           80–9F, 80–BF                  U+D000–U+D7FF     (A0–BF: surrogates, not characters)
//   F0           90–BF, 80–BF, 80–BF           U+10000–U+3FFFF   (80–8F would be overlong)
//   F1–F3        80–BF, 80–BF, 80–BF           U+40000–U+FFFFF
//   F4           80–8F, 80–BF, 80–BF           U+100000–U+10FFFF (90–BF: beyond Unicode)
//   F5–FF, 80–BF as a first byte: never valid
//
// Because only the first continuation byte has narrower bounds, the validator needs to remember
// just two things between bytes: how many continuation bytes are still due, and the range the
// next one must fall in. A sequence is refused at the first byte that cannot continue it.

export class Utf8Validator {
  /** Continuation bytes still due for the character in progress. */
  private due = 0;
  /** The range the next continuation byte must fall in. */
  private lower = 0x80;
  private upper = 0xbf;
  private broken = false;

  /** Feeds the next bytes; false once the bytes so far cannot be the start of valid UTF-8, and from then on. */
  push(bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length && !this.broken; i++) {
      const byte = bytes[i]!;
      if (this.due > 0) {
        if (byte < this.lower || byte > this.upper) this.broken = true;
        this.lower = 0x80;
        this.upper = 0xbf;
        this.due--;
      } else if (byte <= 0x7f) {
        // ASCII: the common case, nothing to remember.
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        this.due = 1;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        this.due = 2;
        if (byte === 0xe0) this.lower = 0xa0;
        if (byte === 0xed) this.upper = 0x9f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.due = 3;
        if (byte === 0xf0) this.lower = 0x90;
        if (byte === 0xf4) this.upper = 0x8f;
      } else {
        this.broken = true;
      }
    }
    return !this.broken;
  }

  /** True when everything pushed is valid UTF-8 and ends at a character boundary. */
  get complete(): boolean {
    return !this.broken && this.due === 0;
  }
}

/** Whole bytes, checked at once: a close reason, a single-frame text message. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const validator = new Utf8Validator();
  validator.push(bytes);
  return validator.complete;
}
