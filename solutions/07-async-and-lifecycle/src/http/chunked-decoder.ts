// The chunked transfer coding (RFC 9112 §7.1), decoded incrementally: a state machine fed
// whatever TCP delivers, so the result is the same however the bytes are cut.
//
//   chunked-body = *chunk last-chunk trailer-section CRLF
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   last-chunk   = 1*("0") [ chunk-ext ] CRLF
//
//   size ─HEXDIG─► size ─";"─► extension … ─CR─► size-lf ─LF─┬─► data ─(size bytes)─► data-cr ─► data-lf ─► size
//                    └─CR─────────────────────────────────────┘   size 0: trailer lines until an empty one ─► done
//
// Every byte that is not exactly where the grammar puts it is an error: a decoder that guesses
// (a bare LF, a space inside a size, data longer than announced) reads a different body from
// the one the proxy in front of it read, and the difference is a smuggled request.
import { BodyBuffer, type BodyDecoder, type BodySink, type DecodeResult } from "./body-decoder.ts";
import { CR, hex, isFieldValueByte, isTchar, isWhitespace, LF } from "./char-classes.ts";
import { checkFieldLine } from "./header-validation.ts";
import { MAX_CHUNK_EXTENSION_BYTES, MAX_CHUNK_SIZE, MAX_HEADER_FIELDS, MAX_HEADER_SECTION_BYTES } from "./limits.ts";
import { type HeaderField, type ParseError, parseError } from "./request-head.ts";

type State =
  | "size"
  /** Whitespace after the size: only a chunk extension may follow (BWS, RFC 9112 §7.1.1). */
  | "size-ws"
  /** Inside "; name = value" pairs, which this server reads past and ignores (RFC 9112 §7.1.1). */
  | "ext-before-name"
  | "ext-name"
  | "ext-after-name"
  | "ext-before-value"
  | "ext-value"
  | "ext-quoted"
  | "ext-quoted-pair"
  | "ext-after-value"
  | "size-lf"
  | "data"
  | "data-cr"
  | "data-lf"
  /** The trailer section: field lines until an empty line (RFC 9112 §7.1.2). */
  | "trailer"
  | "trailer-lf"
  | "done";

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

export class ChunkedDecoder implements BodyDecoder {
  private state: State = "size";
  private size = 0;
  private digits = 0;
  private extensionBytes = 0;
  /** Bytes of the current chunk's data still to come. */
  private remaining = 0;
  private total = 0;
  /** The trailer line being read, as latin1 (one character per byte, like the head parser). */
  private line = "";
  private trailerBytes = 0;
  private readonly trailers: HeaderField[] = [];

  /** `body`: where the data goes; a buffer that keeps the whole body unless told otherwise. */
  constructor(
    private readonly maxBodyBytes: number,
    private readonly body: BodySink = new BodyBuffer(maxBodyBytes),
  ) {}

  push(chunk: Uint8Array): DecodeResult {
    for (let i = 0; i < chunk.length; ) {
      if (this.state === "data") {
        // Chunk data is opaque: copy it in one piece rather than byte by byte.
        const take = Math.min(this.remaining, chunk.length - i);
        this.body.append(chunk.subarray(i, i + take));
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = "data-cr";
        continue;
      }
      const error = this.read(chunk[i++]!);
      if (error) return { type: "error", error };
      if (this.state === "done") return { type: "done", used: i, body: this.body.contents(), trailers: this.trailers };
    }
    return { type: "more" };
  }

  /** Reads one byte of framing; returns an error when the byte cannot be there. */
  private read(byte: number): ParseError | undefined {
    switch (this.state) {
      case "size": {
        const digit = hexValue(byte);
        if (digit !== undefined) {
          this.size = this.size * 16 + digit;
          this.digits++;
          if (this.size > MAX_CHUNK_SIZE) return parseError(400, "the chunk size overflows (RFC 9112 §7.1)");
          return undefined;
        }
        if (this.digits === 0)
          return parseError(400, `a chunk size must start with a hex digit, not ${hex(byte)} (RFC 9112 §7.1)`);
        if (byte === CR) return this.to("size-lf");
        if (byte === SEMICOLON) return this.to("ext-before-name");
        if (isWhitespace(byte)) return this.to("size-ws");
        return parseError(400, `byte ${hex(byte)} in a chunk size, which is hex digits only (RFC 9112 §7.1)`);
      }
      case "size-ws":
        if (isWhitespace(byte)) return undefined;
        if (byte === SEMICOLON) return this.to("ext-before-name");
        return parseError(
          400,
          `byte ${hex(byte)} after a chunk size and whitespace; only a ";" extension may follow (RFC 9112 §7.1.1)`,
        );

      case "size-lf":
        if (byte !== LF) return parseError(400, "a chunk size line ends in a CR without LF (RFC 9112 §7.1)");
        return this.startChunk();

      case "data-cr":
        if (byte !== CR)
          return parseError(400, "the chunk data is longer than its size: no CRLF after it (RFC 9112 §7.1)");
        return this.to("data-lf");
      case "data-lf":
        if (byte !== LF) return parseError(400, "the chunk data is followed by a CR without LF (RFC 9112 §7.1)");
        this.size = 0;
        this.digits = 0;
        this.extensionBytes = 0;
        return this.to("size");

      case "trailer":
        if (++this.trailerBytes > MAX_HEADER_SECTION_BYTES)
          return parseError(431, `the trailer section is larger than ${MAX_HEADER_SECTION_BYTES} bytes`);
        if (byte === CR) return this.to("trailer-lf");
        if (byte === LF) return parseError(400, "a trailer line ends in a bare LF (RFC 9112 §2.2)");
        if (this.line === "" && isWhitespace(byte))
          return parseError(400, "obs-fold or whitespace at the start of a trailer line (RFC 9112 §5.2)");
        this.line += String.fromCharCode(byte);
        return undefined;
      case "trailer-lf":
        if (byte !== LF) return parseError(400, "a trailer line ends in a CR without LF (RFC 9112 §2.2)");
        return this.endTrailerLine();

      case "done":
      case "data":
        return undefined;

      default:
        return this.readExtension(byte);
    }
  }

  /**
   * chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ), value = token / quoted-string
   * (RFC 9112 §7.1.1). Nothing here uses extensions, but they are checked byte by byte: a CR or
   * LF hidden in one is where parsers that "just skip to the end of the line" disagree.
   */
  private readExtension(byte: number): ParseError | undefined {
    if (++this.extensionBytes > MAX_CHUNK_EXTENSION_BYTES)
      return parseError(413, `chunk extensions longer than ${MAX_CHUNK_EXTENSION_BYTES} bytes`);
    switch (this.state) {
      case "ext-before-name":
        if (isWhitespace(byte)) return undefined;
        if (isTchar(byte)) return this.to("ext-name");
        break;
      case "ext-name":
        if (isTchar(byte)) return undefined;
        if (byte === EQUALS) return this.to("ext-before-value");
        if (this.endsElement(byte, "ext-after-name")) return undefined;
        break;
      case "ext-after-name":
        if (byte === EQUALS) return this.to("ext-before-value");
        if (this.endsElement(byte, "ext-after-name")) return undefined;
        break;
      case "ext-before-value":
        if (isWhitespace(byte)) return undefined;
        if (byte === DQUOTE) return this.to("ext-quoted");
        if (isTchar(byte)) return this.to("ext-value");
        break;
      case "ext-value":
        if (isTchar(byte)) return undefined;
        if (this.endsElement(byte, "ext-after-value")) return undefined;
        break;
      case "ext-quoted":
        if (byte === DQUOTE) return this.to("ext-after-value");
        if (byte === BACKSLASH) return this.to("ext-quoted-pair");
        // qdtext (RFC 9110 §5.6.4): HTAB, SP, visible characters and obs-text — never CR or LF.
        if (isFieldValueByte(byte)) return undefined;
        break;
      case "ext-quoted-pair":
        if (isFieldValueByte(byte)) return this.to("ext-quoted");
        break;
      case "ext-after-value":
        if (this.endsElement(byte, "ext-after-value")) return undefined;
        break;
    }
    return parseError(400, `byte ${hex(byte)} is not allowed here in a chunk extension (RFC 9112 §7.1.1)`);
  }

  /** After a name or value may come whitespace, the next ";", or the CR that ends the size line. */
  private endsElement(byte: number, whitespaceState: State): boolean {
    if (isWhitespace(byte)) this.state = whitespaceState;
    else if (byte === SEMICOLON) this.state = "ext-before-name";
    else if (byte === CR) this.state = "size-lf";
    else return false;
    return true;
  }

  /** The size line is complete: a last chunk starts the trailers; any other, its data. */
  private startChunk(): ParseError | undefined {
    if (this.size === 0) return this.to("trailer");
    // Refuse as soon as the sizes announce more than the limit, before reading the data.
    this.total += this.size;
    if (this.total > this.maxBodyBytes)
      return parseError(413, `the chunked body is larger than ${this.maxBodyBytes} bytes`);
    this.remaining = this.size;
    return this.to("data");
  }

  private endTrailerLine(): ParseError | undefined {
    const line = this.line;
    this.line = "";
    if (line === "") return this.to("done"); // the empty line that ends the message
    const colon = line.indexOf(":");
    if (colon === -1) return parseError(400, "a trailer line without a colon (RFC 9112 §5)");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const error = checkFieldLine(name, value);
    if (error) return error;
    if (this.trailers.length === MAX_HEADER_FIELDS)
      return parseError(431, `more than ${MAX_HEADER_FIELDS} trailer fields`);
    this.trailers.push({ name: name.toLowerCase(), value: value.replace(/^[ \t]+|[ \t]+$/g, "") });
    return this.to("trailer");
  }

  private to(state: State): undefined {
    this.state = state;
    return undefined;
  }
}

/** HEXDIG (RFC 5234 Appendix B.1, case-insensitive): the digit's value, or undefined. */
function hexValue(byte: number): number | undefined {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return undefined;
}
