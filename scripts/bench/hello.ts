// What every server of the bench answers to GET /: the bytes of microfast's demo route
// `app.get("/", () => "Hello, World!")`, so that each server does the same work. The bench
// checks every server's answer against these before it measures anything.

export const HELLO_BODY = "Hello, World!";
export const HELLO_CONTENT_TYPE = "text/plain; charset=utf-8";

/** Where a server listens: HOST and PORT from the environment, as microfast's demo reads them. */
export function listenAddress(env: NodeJS.ProcessEnv): { host: string; port: number } {
  return { host: env.HOST ?? "127.0.0.1", port: Number(env.PORT ?? 8080) };
}

/**
 * How long a server keeps an idle keep-alive connection: IDLE_TIMEOUT_MS, the variable
 * microfast's demo reads, so the memory mode can hold connections open in every server alike.
 * 5 s (Node's and microfast's default) when unset.
 */
export function idleTimeoutMs(env: NodeJS.ProcessEnv): number {
  return Number(env.IDLE_TIMEOUT_MS ?? 5_000);
}

/** SIGTERM (the bench stopping it) or Ctrl-C: exit at once, which closes every socket. */
export function exitOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}
