// Response compression: text shrinks three to ten times under gzip or brotli, which is that
// much less to send over a slow link. A middleware compresses on the way out, as the last step
// before the connection:
//
//   handler's response ──► compressible type? big enough? not encoded already? not a part (206)?
//                            │ no: sent as it is            │ yes: Vary: Accept-Encoding
//                            ▼                              ▼
//                                          negotiate (content-coding.ts) ── identity: as it is
//                                                           │ br / gzip / deflate
//                                                           ▼
//                          Content-Encoding, ETag weakened, body through node:zlib piece by piece
//
// Never twice: a body that already has a Content-Encoding (a .gz file, an upstream's answer)
// is left alone, as are responses without content (HEAD, 204, 304) and parts of a file (206),
// whose Content-Range counts the bytes of the file, not of an encoding of it.
import { pipeline, Readable, type Transform } from "node:stream";
import { constants, createBrotliCompress, createDeflate, createGzip } from "node:zlib";
import { endsWithHead, isSized, isStreamed, type StreamedBody, toBytes } from "../http/response-writer.ts";
import { type Coding, IDENTITY, negotiateEncoding } from "./content-coding.ts";
import type { Middleware } from "./middleware.ts";
import type { Response, ResponseBody } from "./response.ts";
import { addVary } from "./vary.ts";

export interface CompressionOptions {
  /** Bodies smaller than this many bytes go out as they are. */
  readonly thresholdBytes?: number;
  /** The codings to offer, the server's favourite first. */
  readonly codings?: readonly Coding[];
}

/**
 * Below about a kilobyte a coding saves a few hundred bytes at most — less than one packet —
 * and costs CPU on both ends: 1 KiB is the threshold of Express's compression middleware.
 */
export const DEFAULT_THRESHOLD_BYTES = 1024;
/** brotli compresses smaller than gzip at the same speed; gzip is what every client reads. */
const DEFAULT_CODINGS: readonly Coding[] = ["br", "gzip", "deflate"];
/**
 * brotli's default quality, 11, is for compressing once and serving forever: it is about a
 * hundred times slower than quality 4, which is fast enough to compress on the fly and still
 * smaller than gzip.
 */
const BROTLI_QUALITY = 4;

/** Media types of text, which compresses well. JPEG, PNG, video and archives are compressed already. */
const COMPRESSIBLE_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/javascript",
  "application/wasm",
]);

export function compression(options: CompressionOptions = {}): Middleware {
  const threshold = options.thresholdBytes ?? DEFAULT_THRESHOLD_BYTES;
  const codings = options.codings ?? DEFAULT_CODINGS;
  // TODO(08): return the compression layer (stage 08.6). After next(): a response not worthCompressing() goes out as
  // it is; otherwise addVary(…, "Accept-Encoding"); a HEAD stops there; negotiateEncoding() — identity stops there;
  // else encode() the body, set Content-Encoding, turn a strong ETag "x" into W/"x", and delete Accept-Ranges.
  return function compress(request) {
    throw new Error(
      `TODO(08): compression is not implemented (${request.method} ${request.target}, threshold ${threshold}, ${codings.join(", ")})`,
    );
  };
}

function worthCompressing(response: Response, threshold: number): boolean {
  // TODO(08): false for 1xx/204/304 (endsWithHead), 206 or a Content-Range, a Content-Encoding already there,
  // Cache-Control with no-transform, a type isCompressible() refuses, or a known size (sizeOf) below the threshold.
  throw new Error(`TODO(08): worthCompressing is not implemented (status ${response.status}, threshold ${threshold})`);
}

function isCompressible(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (!type) return false;
  return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml") || COMPRESSIBLE_TYPES.has(type);
}

function sizeOf(body: ResponseBody): number | undefined {
  if (typeof body === "string") return Buffer.byteLength(body);
  if (!isStreamed(body)) return body.byteLength;
  return isSized(body) ? body.byteLength : undefined;
}

/** A body in memory stays in memory (and keeps its Content-Length); a stream stays a stream. */
async function encode(body: ResponseBody, coding: Coding): Promise<ResponseBody> {
  if (isStreamed(body)) return encodeStream(body, coding);
  const pieces: Buffer[] = [];
  for await (const piece of encodeStream([body], coding)) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

/**
 * The body through an encoder, piece by piece: the encoder reads from the body only as fast as
 * the connection reads from the encoder. pipeline() ties both ends: an error on either side
 * destroys both, and a client that leaves destroys the source too (a file gets closed).
 */
function encodeStream(body: StreamedBody | Iterable<string | Uint8Array>, coding: Coding): AsyncIterable<Uint8Array> {
  // TODO(08): pipeline(Readable.from(bytes(body)), encoder(coding), callback) returns the encoder, an async iterable of
  // the encoded pieces; the callback may ignore the error, which reaches whoever iterates (stage 08.6).
  throw new Error(`TODO(08): encodeStream is not implemented (${coding}, ${typeof body})`);
}

async function* bytes(
  body: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<Buffer> {
  for await (const piece of body) yield toBytes(piece);
}

function encoder(coding: Coding): Transform {
  switch (coding) {
    case "br":
      return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } });
    case "gzip":
      return createGzip();
    // HTTP's "deflate" is the zlib format (RFC 1950) around deflate data, not raw deflate (RFC 9110 §8.4.1.2).
    case "deflate":
      return createDeflate();
  }
}
