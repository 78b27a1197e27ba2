// The reason phrase for each status code microfast sends (RFC 9110 §15). Clients ignore the
// phrase (RFC 9112 §4), but people reading a capture do not.

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: "Continue",
  200: "OK",
  204: "No Content", // chapter 05: the automatic answer to OPTIONS
  400: "Bad Request",
  404: "Not Found", // chapter 05: no route has the path
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Content Too Large", // RFC 9110 §15.5.14 (once "Payload Too Large")
  414: "URI Too Long",
  417: "Expectation Failed",
  431: "Request Header Fields Too Large", // RFC 6585 §5
  500: "Internal Server Error",
  501: "Not Implemented",
  505: "HTTP Version Not Supported",
};

export function reasonPhrase(status: number): string {
  return STATUS_TEXT[status] ?? "";
}
