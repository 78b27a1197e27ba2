// HTTPS is HTTP/1.1 inside TLS (RFC 9110 §4.3.3; TLS 1.3 is RFC 8446). node:tls does the
// handshake and the record layer: a TLSSocket wrapped around an accepted TCP socket reads and
// writes plain bytes, so chapter 04's serveConnection speaks HTTP through it unchanged, and the
// server keeps what chapter 07 gave it — graceful shutdown counts these connections too.
//
//   TCP socket ──► TLSSocket (server side) ──► handshake: certificate, keys, ALPN ──► serveConnection
//                                              decrypted bytes only after it; the connection's
//                                              idle timeout runs from the start, handshake included
import type { Socket } from "node:net";
import { createSecureContext, type TLSSocket } from "node:tls";

/** The server's private key and certificate chain, PEM-encoded as `openssl` writes them. */
export interface TlsCredentials {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
}

/**
 * ALPN (RFC 7301) lets a client learn the protocol inside TLS during the handshake. Browsers and
 * curl offer "h2" first; answering "http/1.1" tells them this server speaks HTTP/1.1 only.
 */
const ALPN_PROTOCOLS = ["http/1.1"];

/**
 * What turns each accepted TCP socket into the server side of a TLS connection. The key and the
 * certificate are parsed once, into one context that every connection shares.
 *
 * A client that connects and never finishes its handshake sends no request: the connection's
 * idle timeout closes it, as it closes any connection that stays silent. One whose bytes are no
 * TLS — plain HTTP sent to the HTTPS port — fails the handshake, and node:tls destroys it.
 */
export function tlsLayer(credentials: TlsCredentials): (socket: Socket) => TLSSocket {
  // TODO(08): parse the key and certificate once, with createSecureContext(); return a function that wraps a socket in
  // new TLSSocket(socket, { isServer: true, secureContext, ALPNProtocols: ALPN_PROTOCOLS }) (stage 08.8).
  throw new Error(`TODO(08): tlsLayer is not implemented (a ${credentials.cert.length}-byte certificate)`);
}
