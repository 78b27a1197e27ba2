// The request methods this server recognises. Methods are case-sensitive tokens (RFC 9110
// §9.1): "get" is not GET. A method outside this list is answered with 501 Not Implemented.

/** The methods of RFC 9110 §9.3, plus PATCH (RFC 5789). */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
]);
