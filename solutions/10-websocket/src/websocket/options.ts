// A WebSocket connection's limits and clocks. The defaults are production values; a route may set
// its own (app.websocket(path, handler, options)), and a check runs with a heartbeat of a few
// hundred milliseconds instead of half a minute.

/**
 * The largest message accepted, whole or summed over its fragments; larger → close 1009, refused
 * from the frame header, before its payload is read. Each message is held whole until it is
 * complete, so this bounds the memory one client can claim. 1 MiB, as Socket.IO's
 * maxHttpBufferSize (1e6 bytes): chat lines and JSON documents are far smaller.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * How often the server pings; a peer whose pong has not come by the next ping is dropped. Proxies
 * close connections that stay silent: nginx after proxy_read_timeout (60 s), an AWS load
 * balancer after its idle timeout (60 s). A ping every 30 s keeps a quiet connection open
 * through both, and finds a dead peer within a minute.
 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * How many bytes may wait in the server's memory for a peer that does not read, on top of what
 * the kernel's socket buffers hold. A handler that awaits send() never comes near it; a
 * broadcast does not wait for the slowest member, and a member this far behind is dropped
 * rather than letting its backlog grow without bound.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * How long the server waits for the peer's close frame after sending its own, and for the peer
 * to close TCP after that, before it drops the connection. A few round trips are enough for any
 * live peer; a dead one must not hold the socket.
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

/**
 * Messages received and not yet read by the handler: past this many bytes the socket is paused
 * (TCP then holds the client back) until the handler catches up.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;

export interface WebSocketOptions {
  readonly maxMessageBytes: number;
  readonly heartbeatIntervalMs: number;
  readonly maxBufferedBytes: number;
  readonly closeTimeoutMs: number;
}

export const DEFAULT_WEBSOCKET_OPTIONS: WebSocketOptions = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
  maxBufferedBytes: DEFAULT_MAX_BUFFERED_BYTES,
  closeTimeoutMs: DEFAULT_CLOSE_TIMEOUT_MS,
};
