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
  [OID.bool]: (text) => text === "t",
  [OID.bytea]: parseBytea,
  // int8 reaches 2^63 − 1, a number is exact only to 2^53 − 1 (Number.MAX_SAFE_INTEGER): bigint.
  [OID.int8]: BigInt,
  [OID.int2]: Number,
  [OID.int4]: Number,
  [OID.oid]: Number,
  // Number() reads the server's NaN, Infinity and -Infinity, and shortest round-trip digits
  // (extra_float_digits 1, the default since PostgreSQL 12).
  [OID.float4]: Number,
  [OID.float8]: Number,
  // numeric is exact to 131,072 digits; a number would make 0.1 + 0.2 0.30000000000000004 and
  // drop digits past the 17th. Its text is exact: sum in SQL, or in a decimal library of the
  // application's choosing. NaN and ±Infinity stay text too.
  [OID.numeric]: String,
  [OID.json]: JSON.parse,
  [OID.jsonb]: JSON.parse,
  [OID.timestamptz]: parseTimestamptz,
};

/** Array types (pg_type.typarray) → their element type: each element is read by the element's parser. */
export const ARRAY_ELEMENTS: Readonly<Record<number, number>> = {
  1000: OID.bool, // _bool
  1001: OID.bytea, // _bytea
  1005: OID.int2, // _int2
  1007: OID.int4, // _int4
  1009: OID.text, // _text
  1014: OID.bpchar, // _bpchar
  1015: OID.varchar, // _varchar
  1016: OID.int8, // _int8
  1021: OID.float4, // _float4
  1022: OID.float8, // _float8
  1028: OID.oid, // _oid
  1115: OID.timestamp, // _timestamp
  1182: OID.date, // _date
  1185: OID.timestamptz, // _timestamptz
  1231: OID.numeric, // _numeric
  199: OID.json, // _json
  2951: OID.uuid, // _uuid
  3807: OID.jsonb, // _jsonb
};

/** bytea in hex output (bytea_output = hex, docs §8.4.1): "\x" then two hex digits per byte. */
export function parseBytea(text: string): Buffer {
  if (!text.startsWith("\\x")) throw new RangeError(`bytea not in hex format: ${JSON.stringify(text.slice(0, 20))}`);
  return Buffer.from(text.slice(2), "hex");
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
