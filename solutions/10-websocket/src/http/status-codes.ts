// The reason phrase for each status code microfast sends (RFC 9110 §15). Clients ignore the
// phrase (RFC 9112 §4), but people reading a capture do not. From chapter 05 on, handlers
// choose their own statuses, so the table holds the common ones, not only the server's own.

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: "Continue",
  101: "Switching Protocols", // chapter 10: the WebSocket handshake (RFC 9110 §15.2.2)
  200: "OK",
  201: "Created",
  204: "No Content", // chapter 05: the automatic answer to OPTIONS
  206: "Partial Content", // chapter 08: a byte range of a file
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found", // chapter 05: no route has the path
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large", // RFC 9110 §15.5.14 (once "Payload Too Large")
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable", // chapter 08: a range past the end of a file
  417: "Expectation Failed",
  422: "Unprocessable Content", // RFC 9110 §15.5.21 (once "Unprocessable Entity", WebDAV)
  426: "Upgrade Required", // chapter 10: a WebSocket route asked for without the handshake (RFC 9110 §15.5.22)
  429: "Too Many Requests", // RFC 6585 §4
  431: "Request Header Fields Too Large", // RFC 6585 §5
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

export function reasonPhrase(status: number): string {
  return STATUS_TEXT[status] ?? "";
}
