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
  /** Feeds the next bytes; false once the bytes so far cannot be the start of valid UTF-8, and from then on. */
  push(bytes: Uint8Array): boolean {
    // TODO(10): stage 10.4. Walk the bytes with the table above, remembering between calls how many
    // continuation bytes are still due and the range the next one must fall in (80–BF, narrower
    // after E0, ED, F0 and F4). Once a byte breaks the rules, stay broken: return false from now on.
    throw new Error(`TODO(10): Utf8Validator.push is not implemented (${bytes.length} bytes)`);
  }

  /** True when everything pushed is valid UTF-8 and ends at a character boundary. */
  get complete(): boolean {
    // TODO(10): stage 10.4. Not broken, and no continuation byte still due.
    throw new Error("TODO(10): Utf8Validator.complete is not implemented");
  }
}

/** Whole bytes, checked at once: a close reason, a single-frame text message. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const validator = new Utf8Validator();
  validator.push(bytes);
  return validator.complete;
}
