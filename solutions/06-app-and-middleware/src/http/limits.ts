// Every limit of the HTTP parser, in one place. A parser without limits lets one client make
// the server buffer without end; each limit below turns that into a quick, explicit error.

/**
 * The longest request-target, in bytes; longer → 414 URI Too Long. RFC 9112 §3 asks every
 * recipient to support request lines of at least 8000 octets; 8 KiB is nginx's default
 * per-line buffer (large_client_header_buffers 4 8k).
 */
export const MAX_TARGET_BYTES = 8 * 1024;

/**
 * The largest header section (every field line with its CRLF, and the final empty line), in
 * bytes; larger → 431 Request Header Fields Too Large (RFC 6585 §5). 16 KiB is Node's default
 * (`http.maxHeaderSize`, the --max-http-header-size flag).
 */
export const MAX_HEADER_SECTION_BYTES = 16 * 1024;

/**
 * The most field lines in one request; more → 431. 100 is Apache httpd's default
 * (LimitRequestFields): many tiny fields cost memory per field even under the byte limit.
 */
export const MAX_HEADER_FIELDS = 100;

/**
 * The longest method token; longer → 501 Not Implemented, since no method this server
 * implements is that long. The longest method in the IANA HTTP Method Registry,
 * UPDATEREDIRECTREF, has 17 characters.
 */
export const MAX_METHOD_BYTES = 32;

/**
 * How many empty lines may come before a request line. RFC 9112 §2.2 asks a server to ignore
 * at least one (old clients sent a stray CRLF after a request body); a few more forgive sloppy
 * clients, and an endless run of them is not a request.
 */
export const MAX_EMPTY_LINES_BEFORE_REQUEST = 8;

/**
 * The most bytes of chunk extensions (";name=value" after a chunk size) one chunk may carry;
 * more → 413. Nothing reads extensions, so without a cap a client could stream them forever
 * while the body never grows: Node added exactly this cap, 16 KiB, for CVE-2024-22019.
 */
export const MAX_CHUNK_EXTENSION_BYTES = 16 * 1024;

/**
 * The largest chunk-size a server can represent. The hex digits are summed into a JavaScript
 * number, exact up to 2^53 − 1; a size past that is an overflow, answered with 400, never a
 * number rounded into a different length (a desync waiting to happen).
 */
export const MAX_CHUNK_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * After answering and sending FIN, how long the server keeps reading (and discarding) what the
 * client still sends before it gives up on the connection. Closing a socket with unread input
 * makes the kernel send RST, which can destroy the response before the client reads it
 * (RFC 9112 §9.6). 2 s is Apache httpd's lingering close (SECONDS_TO_LINGER).
 */
export const LINGER_TIMEOUT_MS = 2_000;

/** Where the server listens when HOST and PORT are not set. 8000: uvicorn's default, where FastAPI apps live. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8000;
