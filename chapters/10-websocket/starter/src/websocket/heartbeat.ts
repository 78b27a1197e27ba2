// Heartbeats (RFC 6455 §5.5.2, §5.5.3): TCP does not notice a peer that vanished — a laptop
// closed, a phone gone out of coverage, a NAT entry expired — until it tries to send, and a
// quiet connection may stay "open" for hours, holding memory and room memberships. So the server
// pings every interval, and a peer whose pong has not come by the next ping is dropped:
//
//   t=0 ping ──►       ◄── pong          alive
//   t=1 ping ──►       ◄── pong          alive
//   t=2 ping ──►       (nothing)
//   t=3 no pong since t=2: terminate     dropped within two intervals of its last sign of life
//
// Any pong counts, solicited or not: a peer may send them unasked as its own heartbeat (§5.5.3).

/** What the heartbeat needs of a connection. */
export interface HeartbeatPeer {
  ping(): void;
  /** Drops the connection at once, without a close handshake: the peer is not answering. */
  terminate(): void;
}

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private awaitingPong = false;

  constructor(
    private readonly peer: HeartbeatPeer,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.beat(), this.intervalMs);
    // A heartbeat alone must not keep the process running.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A pong arrived: the peer is alive. */
  pong(): void {
    // TODO(10): stage 10.7. The last ping is answered (or the peer pongs unasked): nothing is outstanding.
    throw new Error(
      `TODO(10): Heartbeat.pong is not implemented (${this.awaitingPong ? "a ping is" : "none is"} outstanding)`,
    );
  }

  /** Every interval: drop a peer that left the last ping unanswered, else ping it. */
  private beat(): void {
    // TODO(10): stage 10.7. A ping still outstanding since the last beat → this.peer.terminate(); else
    // mark one as outstanding (awaitingPong) and this.peer.ping().
    throw new Error(`TODO(10): Heartbeat.beat is not implemented (every ${this.intervalMs} ms)`);
  }
}
