// A request path into the segments the router compares, decoded one by one.
//
//   "/files/a%2Fb/caf%C3%A9"  ──split at "/"──►  ["files", "a%2Fb", "caf%C3%A9"]
//                             ──decode each──►   ["files", "a/b",   "café"]
//
// Splitting first is what keeps "%2F" inside its segment: a "/" that the client escaped is
// data, not structure (RFC 3986 §2.2: percent-encoding a reserved character makes it
// lose its special meaning). Decoding first would let a client invent segments:
// "/files/..%2Fsecret" would reach a route /files/{dir}/{name} as dir "..", name "secret".

/**
 * The decoded segments of a path that starts with "/", or undefined when a segment holds a
 * malformed escape ("%zz", a lone "%", bytes that are not UTF-8): no route can match those.
 * "/" is one empty segment, and a trailing "/" adds one: "/users" and "/users/" differ.
 */
export function splitPath(path: string): string[] | undefined {
  if (!path.startsWith("/")) return undefined;
  const segments = path.slice(1).split("/");
  const decoded: string[] = [];
  for (const segment of segments) {
    const text = decodeSegment(segment);
    if (text === undefined) return undefined;
    decoded.push(text);
  }
  return decoded;
}

function decodeSegment(segment: string): string | undefined {
  // Most segments hold no escape at all: hand them back as they are.
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The path of a request-target, without its query (RFC 9112 §3.2): "/a/b?x=1" → "/a/b".
 * An absolute-form target ("http://host/a?x=1", §3.2.2) gives its path, "/" when it has
 * none. Targets with no path at all ("*", or CONNECT's "host:443") give undefined.
 */
export function pathOf(target: string): string | undefined {
  let start = 0;
  if (!target.startsWith("/")) {
    const scheme = target.indexOf("://");
    if (scheme === -1) return undefined;
    const slash = target.indexOf("/", scheme + 3);
    const query = target.indexOf("?", scheme + 3);
    if (slash === -1 || (query !== -1 && query < slash)) return "/";
    start = slash;
  }
  const query = target.indexOf("?", start);
  return target.slice(start, query === -1 ? undefined : query);
}
