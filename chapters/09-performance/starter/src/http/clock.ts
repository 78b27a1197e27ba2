// One timer for a connection's deadlines (chapter 03): the idle timeout, and the deadlines for a
// request's head and body. A deadline measures the client. While the server is the slow side —
// a handler that has not caught up with a streamed body, so the connection stopped reading —
// the deadline is held, and the time it is held does not count.
//
// TODO(09): deadlines move on every request — idle, head, body, idle again — and this clock
// clears its timer and starts a new one each time: a setTimeout() and a clearTimeout() per move,
// several per request, which cost more than answering a small request does. Keep one timer and
// let the deadline move under it: arm() only writes the new deadline down, and starts a timer
// only when none is pending or the pending one would fire after the new deadline. When the timer
// fires, it looks at the deadline it finds: passed → onExpiry(); still ahead → a timer for the
// time left. Until then, the clock below does what chapter 08's did.
export class Clock {
  private timer: NodeJS.Timeout | undefined;
  private onExpiry: (() => void) | undefined;
  /** The deadline, in Date.now() milliseconds. */
  private at = 0;
  /** While held: how long the deadline had left. */
  private left: number | undefined;

  /** Calls onExpiry after `ms`, replacing the deadline set before. */
  arm(ms: number, onExpiry: () => void): void {
    // TODO(09): no clearTimeout() and setTimeout() here when a pending timer fires no later than the new deadline.
    this.stop();
    this.onExpiry = onExpiry;
    this.at = Date.now() + ms;
    this.timer = setTimeout(onExpiry, ms);
  }

  /** No deadline until the next arm(). */
  stop(): void {
    // TODO(09): forget the deadline only; a timer still pending finds nothing to do when it fires.
    clearTimeout(this.timer);
    this.onExpiry = undefined;
    this.left = undefined;
  }

  /** The connection is closed: no timer may keep the process alive for it. */
  dispose(): void {
    // TODO(09): stop(), and clear the pending timer for good.
    this.stop();
  }

  /** Stops the time until release(). */
  hold(): void {
    if (this.onExpiry === undefined || this.left !== undefined) return;
    // TODO(09): keep the time left; the timer may stay pending and, when it fires while held, does nothing.
    clearTimeout(this.timer);
    this.left = Math.max(0, this.at - Date.now());
  }

  /** Goes on with the time the deadline had left when it was held. */
  release(): void {
    if (this.onExpiry === undefined || this.left === undefined) return;
    this.arm(this.left, this.onExpiry);
  }
}
