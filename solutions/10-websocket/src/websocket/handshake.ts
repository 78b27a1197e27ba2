// The opening handshake (RFC 6455 §4): an HTTP/1.1 GET that asks to switch to WebSocket, and the
// server's 101 that proves it understood — by hashing the client's random key with a GUID that
// only a WebSocket server knows to append. A plain HTTP server, or a cache replaying an old
// response, cannot produce the right Sec-WebSocket-Accept, so the client never mistakes one for
// a WebSocket peer.
//
//   GET /chat HTTP/1.1                                HTTP/1.1 101 Switching Protocols
//   Upgrade: websocket                                Upgrade: websocket
//   Connection: Upgrade                      ──►      Connection: Upgrade
//   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==       Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
//   Sec-WebSocket-Version: 13
//
//   accept = base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))      (§4.2.2, step 5.4)
import { createHash } from "node:crypto";
import type { HeaderField, HttpVersion } from "../http/request-head.ts";

/** Appended to every key before hashing (§1.3): a value no other protocol would use. */
export const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** The one version RFC 6455 defines (§4.1, §11.6); drafts used 7 and 8. */
export const WEBSOCKET_VERSION = "13";

/** A key is 16 random bytes in base64 (§4.1): 22 characters, then "==". */
const KEY = /^[A-Za-z0-9+/]{22}==$/;

type Fields = readonly (readonly [name: string, value: string])[];

/** What the handshake needs of a request: microfast's Request and the parser's RequestHead both fit. */
export interface HandshakeRequest {
  readonly method: string;
  readonly version: HttpVersion;
  /** Names lower-case. */
  readonly headers: readonly HeaderField[];
}

export type Handshake =
  /** Switch: a 101 with these fields. */
  | { readonly ok: true; readonly headers: Fields }
  /** Stay with HTTP: answer with this status, reason and fields. */
  | { readonly ok: false; readonly status: 400 | 405 | 426; readonly reason: string; readonly headers: Fields };

/** What a 426 carries: the protocol the resource needs (RFC 9110 §15.5.22), hop by hop (§7.8). */
const UPGRADE_FIELDS: Fields = [
  ["Upgrade", "websocket"],
  ["Connection", "Upgrade"],
];

/** Sec-WebSocket-Accept for `key` (§4.2.2). */
export function acceptKey(key: string): string {
  return createHash("sha1")
    .update(key + WEBSOCKET_GUID)
    .digest("base64");
}

/** Decides a request to a WebSocket endpoint (§4.2.1): switch, or the HTTP answer it gets instead. */
export function checkHandshake(request: HandshakeRequest): Handshake {
  if (request.method !== "GET") return refuse(405, "a WebSocket handshake is a GET request", [["Allow", "GET"]]);
  // Without Upgrade: websocket (and Connection: upgrade, and HTTP/1.1) it is a plain GET of a
  // resource that only speaks WebSocket.
  const upgrade = request.version.minor >= 1 && tokens(request, "upgrade").includes("websocket");
  if (!upgrade || !tokens(request, "connection").includes("upgrade"))
    return refuse(426, "this resource speaks WebSocket: send the opening handshake", UPGRADE_FIELDS);
  const versions = values(request, "sec-websocket-version");
  // A client of another version learns the one spoken here, and may try again (§4.4).
  if (versions.length !== 1 || versions[0] !== WEBSOCKET_VERSION)
    return refuse(426, `Sec-WebSocket-Version must be ${WEBSOCKET_VERSION}`, [
      ...UPGRADE_FIELDS,
      ["Sec-WebSocket-Version", WEBSOCKET_VERSION],
    ]);
  const keys = values(request, "sec-websocket-key");
  // Exactly one key (§11.3.1), 16 bytes in base64.
  if (keys.length !== 1 || !KEY.test(keys[0]!))
    return refuse(400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value", []);
  return {
    ok: true,
    headers: [...UPGRADE_FIELDS, ["Sec-WebSocket-Accept", acceptKey(keys[0]!)]],
  };
}

function values(request: HandshakeRequest, name: string): string[] {
  return request.headers.filter((field) => field.name === name).map((field) => field.value);
}

/** The comma-separated options of every `name` field, trimmed and lower-cased (RFC 9110 §5.6.1). */
function tokens(request: HandshakeRequest, name: string): string[] {
  return values(request, name).flatMap((value) => value.split(",").map((token) => token.trim().toLowerCase()));
}

function refuse(status: 400 | 405 | 426, reason: string, headers: Fields): Handshake {
  return { ok: false, status, reason, headers };
}
