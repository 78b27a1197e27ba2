// One timer for a connection's deadlines (chapter 03): the idle timeout, and the deadlines for a
// request's head and body. A deadline measures the client. While the server is the slow side —
// a handler that has not caught up with a streamed body, so the connection stopped reading —
// the deadline is held, and the time it is held does not count.
//
// Deadlines move on every request — idle, head, body, idle again — and setting a Node timer
// and clearing it costs more than answering a small request does. So the clock keeps one timer
// and lets deadlines move under it: arming only writes down the new deadline. When the timer
// fires, it looks at the deadline it finds: passed, the connection is told; still ahead, the
// timer sleeps again until then. A timer is started only when none is pending, or when the new
// deadline comes before the pending one.
//
//   arm(idle 5 s)  arm(head 10 s) … arm(idle 5 s) … timer fires: deadline ahead ─► sleeps until it
//   ──●──────────────────────────────────────────────────────●───────────────────────────●──► fires
//     one setTimeout                                         one more                    onExpiry()
export class Clock {
  private timer: NodeJS.Timeout | undefined;
  /** When the pending timer fires. */
  private timerAt = 0;
  private onExpiry: (() => void) | undefined;
  /** The deadline, in Date.now() milliseconds. */
  private at = 0;
  /** While held: how long the deadline had left. */
  private left: number | undefined;

  /** Calls onExpiry after `ms`, replacing the deadline set before. */
  arm(ms: number, onExpiry: () => void): void {
    this.onExpiry = onExpiry;
    this.left = undefined;
    this.at = Date.now() + ms;
    // A pending timer that fires no later than the deadline will find it and sleep on.
    if (this.timer === undefined || this.timerAt > this.at) this.schedule(ms);
  }

  /** No deadline until the next arm(). The timer may still fire, and then finds nothing to do. */
  stop(): void {
    this.onExpiry = undefined;
    this.left = undefined;
  }

  /** The connection is closed: no timer may keep the process alive for it. */
  dispose(): void {
    this.stop();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the time until release(). */
  hold(): void {
    if (this.onExpiry === undefined || this.left !== undefined) return;
    this.left = Math.max(0, this.at - Date.now());
  }

  /** Goes on with the time the deadline had left when it was held. */
  release(): void {
    if (this.onExpiry === undefined || this.left === undefined) return;
    this.arm(this.left, this.onExpiry);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timerAt = Date.now() + ms;
    this.timer = setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = undefined;
    // Stopped, or held: nothing runs out now; arm() or release() starts a timer again.
    if (this.onExpiry === undefined || this.left !== undefined) return;
    const remaining = this.at - Date.now();
    if (remaining > 0) return this.schedule(remaining);
    const onExpiry = this.onExpiry;
    this.onExpiry = undefined;
    onExpiry();
  }
}
