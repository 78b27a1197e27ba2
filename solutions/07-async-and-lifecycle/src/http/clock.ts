// One timer for a connection's deadlines (chapter 03): the idle timeout, and the deadlines for a
// request's head and body. A deadline measures the client. While the server is the slow side —
// a handler that has not caught up with a streamed body, so the connection stopped reading —
// the deadline is held, and the time it is held does not count.
export class Clock {
  private timer: NodeJS.Timeout | undefined;
  private onExpiry: (() => void) | undefined;
  private at = 0;
  /** While held: how long the deadline had left. */
  private left: number | undefined;

  /** Calls onExpiry after `ms`, replacing the deadline set before. */
  arm(ms: number, onExpiry: () => void): void {
    this.stop();
    this.onExpiry = onExpiry;
    this.at = Date.now() + ms;
    this.timer = setTimeout(onExpiry, ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.onExpiry = undefined;
    this.left = undefined;
  }

  /** Stops the time until release(). */
  hold(): void {
    if (this.onExpiry === undefined || this.left !== undefined) return;
    clearTimeout(this.timer);
    this.left = Math.max(0, this.at - Date.now());
  }

  /** Goes on with the time the deadline had left when it was held. */
  release(): void {
    if (this.onExpiry === undefined || this.left === undefined) return;
    this.arm(this.left, this.onExpiry);
  }
}
