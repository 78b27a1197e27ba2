// The byte classes of the HTTP grammar. HTTP/1.1 is defined on octets, not characters
// (RFC 9112 §2.2): the parser looks at bytes and decodes text only once an element is whole.

export const HTAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const COLON = 0x3a;

/** tchar (RFC 9110 §5.6.2): the bytes of a token, such as a method or a field name. */
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

const TCHAR = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  const ch = String.fromCharCode(byte);
  TCHAR[byte] = /^[A-Za-z0-9]$/.test(ch) || TCHAR_SYMBOLS.includes(ch) ? 1 : 0;
}

export function isTchar(byte: number): boolean {
  return TCHAR[byte] === 1;
}

/** VCHAR (RFC 5234 Appendix B.1): visible US-ASCII, 0x21–0x7E. */
export function isVchar(byte: number): boolean {
  return byte >= 0x21 && byte <= 0x7e;
}

/**
 * A byte that may appear in a field value (RFC 9110 §5.5): field-vchar (VCHAR or obs-text,
 * 0x80–0xFF) plus SP and HTAB between them. Everything else is a control byte: NUL, CR and LF
 * MUST be rejected or replaced; we reject every CTL but HTAB, as Node does.
 */
export function isFieldValueByte(byte: number): boolean {
  return isVchar(byte) || byte >= 0x80 || byte === SP || byte === HTAB;
}

/** OWS (RFC 9110 §5.6.3): optional whitespace, SP or HTAB. */
export function isWhitespace(byte: number): boolean {
  return byte === SP || byte === HTAB;
}

/** A byte as 0xNN, for error reasons that must not echo control bytes back. */
export function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, "0")}`;
}
