// Whether a connection outlives the request it just carried (RFC 9112 §9.3).
import { headerValues, type RequestHead } from "./request-head.ts";

/**
 * The connection options a request lists in its Connection fields, lower-cased: option names
 * are case-insensitive, and the field is a comma-separated list that may span several lines
 * (RFC 9110 §7.6.1, §5.3).
 */
function connectionOptions(head: RequestHead): Set<string> {
  return new Set(
    headerValues(head, "connection")
      .flatMap((value) => value.split(","))
      .map((option) => option.trim().toLowerCase())
      .filter((option) => option !== ""),
  );
}

/**
 * Does the client want to keep the connection after this request? RFC 9112 §9.3: "close"
 * ends it in any version; HTTP/1.1 (and every later 1.x minor) persists by default; HTTP/1.0
 * persists only when the client asks with "keep-alive" (RFC 9112 Appendix C.2.2).
 */
export function wantsPersistence(head: RequestHead): boolean {
  // Most requests send no Connection field: their version alone decides, with no set to build.
  if (!head.headers.some((field) => field.name === "connection")) return head.version.minor >= 1;
  const options = connectionOptions(head);
  if (options.has("close")) return false;
  return head.version.minor >= 1 || options.has("keep-alive");
}
