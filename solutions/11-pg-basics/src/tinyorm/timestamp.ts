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

const TIMESTAMPTZ =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

export function parseTimestamptz(text: string): Date {
  const match = TIMESTAMPTZ.exec(text);
  if (!match) throw new RangeError(`not a timestamptz written in DateStyle ISO: ${JSON.stringify(text)}`);
  const [, year, month, day, hours, minutes, seconds, fraction = "", sign, offsetHours, offsetMinutes, offsetSeconds, bc] =
    match;
  const instant = new Date(0);
  // Date.UTC would read the years 0–99 as 1900–1999; setUTCFullYear takes them as written.
  // 1 BC is year 0 and 44 BC is -43: there is no year 0 in the BC/AD count.
  instant.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  instant.setUTCHours(Number(hours), Number(minutes), Number(seconds), Number(fraction.padEnd(3, "0").slice(0, 3)));
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) * 1000;
  // The wall-clock time is `offset` ahead of UTC: UTC is that time minus the offset.
  return new Date(instant.getTime() - (sign === "+" ? offset : -offset));
}
