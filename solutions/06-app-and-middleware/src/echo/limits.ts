// Every limit of the echo server, in one place.

/**
 * The longest line the server buffers while waiting for "\n". Redis applies the same cap to
 * inline commands (PROTO_INLINE_MAX_SIZE, 64 KiB): without one, a client that never sends a
 * newline makes the server buffer forever.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** Where the server listens when HOST and PORT are not set. 6380: next to Redis's 6379. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 6380;
