// Masking (RFC 6455 §5.3): a client XORs every payload it sends with four random bytes, new for
// each frame, and sends them in the header. It is not encryption — the key travels with the
// data. It stops a script in a browser from choosing the bytes on the wire: without it, a page
// could send frames that a proxy which does not speak WebSocket reads as HTTP requests of its
// own, and poison that proxy's cache (§10.3). A server never masks what it sends (§5.1).
//
//   payload   h    e    l    l    o
//   key       37   fa   21   3d   37   …        (key[i mod 4])
//   on wire   5f   9f   4d   51   58             payload[i] XOR key[i mod 4]

/** XORs `data` with the 4-byte `key`, in place, and returns it. Masking and unmasking are the same operation. */
export function applyMask(data: Buffer, key: Uint8Array): Buffer {
  // TODO(10): XOR byte i of data with key[i % 4], in place, and return data (stage 10.2).
  throw new Error(`TODO(10): applyMask is not implemented (${data.length} bytes, a ${key.length}-byte key)`);
}
