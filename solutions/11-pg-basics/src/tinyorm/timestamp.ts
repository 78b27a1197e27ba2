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

const DATE = String.raw`(?<year>\d{4,})-(?<month>\d\d)-(?<day>\d\d)`;
const TIME = String.raw`(?<hours>\d\d):(?<minutes>\d\d):(?<seconds>\d\d)(?:\.(?<fraction>\d{1,6}))?`;
const OFFSET = String.raw`(?<sign>[+-])(?<offsetHours>\d\d)(?::(?<offsetMinutes>\d\d))?(?::(?<offsetSeconds>\d\d))?`;
const TIMESTAMPTZ = new RegExp(`^${DATE} ${TIME}${OFFSET}(?<bc> BC)?$`);

export function parseTimestamptz(text: string): Date {
  const time = TIMESTAMPTZ.exec(text)?.groups;
  if (!time) throw new RangeError(`not a timestamptz written in DateStyle ISO: ${JSON.stringify(text)}`);
  const field = (name: string): number => Number(time[name] ?? 0);
  const instant = new Date(0);
  // Date.UTC would read the years 0–99 as 1900–1999; setUTCFullYear takes them as written.
  // 1 BC is year 0 and 44 BC is -43: there is no year 0 in the BC/AD count.
  instant.setUTCFullYear(time.bc ? 1 - field("year") : field("year"), field("month") - 1, field("day"));
  const milliseconds = Number((time.fraction ?? "").padEnd(3, "0").slice(0, 3));
  instant.setUTCHours(field("hours"), field("minutes"), field("seconds"), milliseconds);
  const offset = (field("offsetHours") * 3600 + field("offsetMinutes") * 60 + field("offsetSeconds")) * 1000;
  // The wall-clock time is `offset` ahead of UTC: UTC is that time minus the offset.
  return new Date(instant.getTime() - (time.sign === "+" ? offset : -offset));
}
