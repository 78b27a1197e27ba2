// Names in SQL: tables, schemas, columns, aliases. A name is never a parameter — Parse needs it
// to know what the statement means — so it has to be written into the SQL text, and the only
// safe way to write one is as a quoted identifier (docs §4.1.1): between double quotes, with
// each double quote inside written twice. Quoted, any text is one name and nothing else: a
// keyword (order, user), capitals (which unquoted names lose), a space, a quote or a semicolon.
// Quoting only the names that "look unsafe" is the road to CVEs; quote every one.
import { IdentifierError } from "./errors.ts";

/**
 * The longest identifier PostgreSQL keeps: NAMEDATALEN − 1 bytes (docs §4.1.1). A longer one is
 * cut with only a NOTICE, so two long names that differ after byte 63 would name the same
 * column; tinyorm refuses them instead.
 */
export const MAX_IDENTIFIER_BYTES = 63;

/** `name` as one quoted identifier: users → "users", a"b → "a""b". */
export function quoteIdentifier(name: string): string {
  // TODO(12): stage 12.1. Refuse with an IdentifierError the empty name, a name holding NUL
  // (U+0000), and one longer than MAX_IDENTIFIER_BYTES in UTF-8 (Buffer.byteLength); then put the
  // name between double quotes, with each double quote inside it written twice.
  throw new Error("TODO(12): quoteIdentifier() is not implemented");
}

/**
 * A qualified name, one quoted identifier per part: ["app", "users"] → "app"."users". A dot
 * inside one part is part of the name ("a.b" is one table), never a separator.
 */
export function quoteQualified(parts: readonly string[]): string {
  // TODO(12): stage 12.1. Quote each part on its own, then join them with dots.
  throw new Error("TODO(12): quoteQualified() is not implemented");
}
