// Results arrive as text, one string per column, and the RowDescription before them names each
// column's type by OID (protocol §55.7). Which JavaScript value a type becomes is decided here,
// once, for every query. The OIDs of built-in types never change (src/include/catalog/pg_type.dat):
//   SELECT oid, typname, typarray FROM pg_type WHERE typname IN ('int8', 'numeric', 'jsonb');
import { parseArrayLiteral } from "./array-literal.ts";
import { parseTimestamptz } from "./timestamp.ts";

/** Type OIDs (pg_type.oid) this library reads. */
export const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

export type TypeParser = (text: string) => unknown;

/**
 * One parser per scalar type. A type left out arrives as the text the server wrote: text,
 * varchar, uuid, interval — and date and timestamp, on purpose: they name no instant, and as a
 * Date they would shift with the time zone of whoever reads them.
 */
export const SCALAR_PARSERS: Readonly<Record<number, TypeParser>> = {
  // TODO(11): one parser per type, by OID: bool, bytea, int8 (a bigint: a number is exact only to
  // 2^53 − 1), int2, int4, oid, float4, float8, numeric (exact text), json, jsonb, timestamptz.
};

/** Array types (pg_type.typarray) → their element type: each element is read by the element's parser. */
export const ARRAY_ELEMENTS: Readonly<Record<number, number>> = {
  // TODO(11): array OID → element OID, e.g. 1007: OID.int4 (_int4) and 1009: OID.text (_text);
  // SELECT oid, typname, typelem FROM pg_type WHERE typname LIKE '\_%' lists them.
};

/** bytea in hex output (bytea_output = hex, docs §8.4.1): "\x" then two hex digits per byte. */
export function parseBytea(text: string): Buffer {
  // TODO(11): the bytes of the hex digits after "\x".
  throw new Error("TODO(11): parseBytea() is not implemented");
}

const asText: TypeParser = (text) => text;

/** The parser for a column of type `oid`: the driver asks once per column of each result. */
export function parserFor(oid: number): TypeParser {
  const scalar = SCALAR_PARSERS[oid];
  if (scalar) return scalar;
  const element = ARRAY_ELEMENTS[oid];
  if (element === undefined) return asText;
  const parseElement = SCALAR_PARSERS[element] ?? asText;
  return (text) => parseArrayLiteral(text, parseElement);
}
