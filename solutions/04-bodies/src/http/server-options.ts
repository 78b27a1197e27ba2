// The server's timeouts and limits. The defaults are production values; HOST-style environment
// variables override them, so a check can run the server with a 300 ms idle timeout.
import type { FixedResponse } from "./response-writer.ts";

/**
 * How long a connection may sit without a request in progress — before its first request or
 * between two — before the server closes it. 5 s is Node's `server.keepAliveTimeout`: long
 * enough for a browser's next request, short enough that idle sockets do not pile up.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 5_000;

/**
 * How long a client may take, from the first byte of a request, to send its whole head;
 * then it gets 408. 60 s is Node's `server.headersTimeout`, added against slowloris
 * (CVE-2018-12122). It must not reset when bytes arrive: that is the whole point.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;

/**
 * How many requests one connection may carry; the last response says Connection: close.
 * 1000 is nginx's `keepalive_requests` default: it bounds what one connection can hold on to
 * and lets load balancers rebalance long-lived clients.
 */
export const DEFAULT_MAX_REQUESTS_PER_CONNECTION = 1_000;

/**
 * The largest request body the server accepts, in bytes, whether announced by Content-Length
 * or summed chunk by chunk; larger → 413 Content Too Large, before the rest is read. The whole
 * body is held in memory until the handler runs, so this bounds memory per connection. 1 MiB
 * is nginx's `client_max_body_size` default.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ServerOptions {
  readonly idleTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly maxRequestsPerConnection: number;
  readonly maxBodyBytes: number;
  /**
   * How the server words the errors it answers by itself, before or instead of the handler: a
   * request it cannot parse or will not read (400, 408, 413, 431 …), a handler that fails (500).
   * Plain text when absent (error-response.ts). An application with an error format of its own
   * passes it here, so a client meets one format whichever layer refused it.
   */
  readonly errorResponse?: (status: number, reason: string) => FixedResponse;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
  headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
  maxRequestsPerConnection: DEFAULT_MAX_REQUESTS_PER_CONNECTION,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};

/** Reads IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, MAX_REQUESTS_PER_CONNECTION and MAX_BODY_BYTES; unset means the default. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ServerOptions {
  return {
    idleTimeoutMs: positiveInteger(env, "IDLE_TIMEOUT_MS", DEFAULT_OPTIONS.idleTimeoutMs),
    headersTimeoutMs: positiveInteger(env, "HEADERS_TIMEOUT_MS", DEFAULT_OPTIONS.headersTimeoutMs),
    maxRequestsPerConnection: positiveInteger(
      env,
      "MAX_REQUESTS_PER_CONNECTION",
      DEFAULT_OPTIONS.maxRequestsPerConnection,
    ),
    maxBodyBytes: positiveInteger(env, "MAX_BODY_BYTES", DEFAULT_OPTIONS.maxBodyBytes),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}
