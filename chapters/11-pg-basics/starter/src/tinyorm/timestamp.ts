// timestamptz as the server writes it in DateStyle ISO (docs §8.5.2, "Date/Time Output"):
//
//   2024-03-10 15:15:00+05:45          2024-01-01 00:00:00.123456+00          10000-01-01 00:00:00+00
//   1900-01-01 00:19:32+00:19:32       0044-03-15 12:00:00+00 BC
//
// The server stores an instant and writes it in the session's TimeZone with that zone's offset,
// so the text names one instant whatever the zone: a Date (milliseconds since 1970 UTC) holds
// it, up to precision — PostgreSQL keeps microseconds, a Date milliseconds, so the last three
// digits are dropped. Offsets before time zones were standardised have seconds (+00:19:32,
// Amsterdam until 1937). 'infinity' and '-infinity' have no Date and are refused.

export function parseTimestamptz(text: string): Date {
  // TODO(11): match the text with a regular expression (a year of four or more digits, an
  // optional fraction of up to six digits, an offset ±HH[:MM[:SS]], an optional " BC"), build the
  // wall-clock time in UTC with setUTCFullYear and setUTCHours, then subtract the offset.
  throw new Error("TODO(11): parseTimestamptz() is not implemented");
}
