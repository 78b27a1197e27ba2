// Vary (RFC 9110 §12.5.5) names the request fields a response was chosen by, so that a cache
// keeps one copy per value: without "Vary: Accept-Encoding" a shared cache could hand a gzip
// body to a client that cannot read it, and without "Vary: Origin" one site's CORS permission
// to another. Several layers add to it; each adds its field once.
import type { ResponseHeaders } from "./response.ts";

export function addVary(headers: ResponseHeaders, field: string): void {
  const current = headers.get("vary");
  if (current === undefined) {
    headers.set("Vary", field);
    return;
  }
  const fields = current.split(",").map((name) => name.trim().toLowerCase());
  // "*" already says the response varies on things no field names.
  if (fields.includes("*") || fields.includes(field.toLowerCase())) return;
  headers.set("Vary", `${current}, ${field}`);
}
