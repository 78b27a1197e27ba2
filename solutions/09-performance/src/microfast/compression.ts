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
import { andThen } from "../http/maybe-async.ts";
import { endsWithHead, isSized, isStreamed, type StreamedBody, toBytes } from "../http/response-writer.ts";
import { type Coding, IDENTITY, negotiateEncoding } from "./content-coding.ts";
import type { Middleware } from "./middleware.ts";
import type { Request } from "./request.ts";
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

/** The most bytes UTF-8 needs for one UTF-16 code unit of a string (RFC 3629 §3). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

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
  // Not an async function: most responses are not worth compressing and go out at once.
  return function compress(request, next) {
    return andThen(next(), (response) =>
      worthCompressing(response, threshold) ? encodeResponse(request, response, codings) : response,
    );
  };
}

/** The response, encoded in the coding the client prefers among `codings`, when it accepts one. */
async function encodeResponse(request: Request, response: Response, codings: readonly Coding[]): Promise<Response> {
  // From here the body sent depends on Accept-Encoding, even when it goes out as identity.
  addVary(response.headers, "Accept-Encoding");
  // A HEAD has no content to encode.
  if (request.method === "HEAD") return response;
  const coding = negotiateEncoding(request.header("accept-encoding"), codings);
  if (coding === IDENTITY) return response;
  response.body = await encode(response.body, coding);
  response.headers.set("Content-Encoding", coding);
  // A strong ETag promises these exact bytes, and the encoded bytes are others (RFC 9110 §8.8.1).
  const etag = response.headers.get("etag");
  if (etag?.startsWith('"')) response.headers.set("ETag", `W/${etag}`);
  // Range requests get parts of the file, never of this encoding of it: offer none here.
  response.headers.delete("Accept-Ranges");
  return response;
}

function worthCompressing(response: Response, threshold: number): boolean {
  // The cheapest answer first: a text in memory too short for a coding to pay, whatever its
  // type (a UTF-8 character is at most three bytes), goes out as it is without a header read.
  if (typeof response.body === "string" && response.body.length * MAX_UTF8_BYTES_PER_UNIT < threshold) return false;
  if (endsWithHead(response.status) || response.status === 206 || response.headers.has("content-range")) return false;
  if (response.headers.has("content-encoding")) return false;
  // no-transform (RFC 9111 §5.2.2.6): whoever built the response wants these exact bytes sent.
  if (/(^|,)\s*no-transform\s*(,|$)/i.test(response.headers.get("cache-control") ?? "")) return false;
  if (!isCompressible(response.headers.get("content-type"))) return false;
  const size = sizeOf(response.body);
  // A stream of unknown length is compressed: it is most likely large.
  return size === undefined || size >= threshold;
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
  return pipeline(Readable.from(bytes(body)), encoder(coding), () => {
    // Errors reach whoever iterates the encoder; nothing more to do here.
  });
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
