// Dates in HTTP fields (RFC 9110 §5.6.7): one format to send, three to accept.
//
//   Sun, 06 Nov 1994 08:49:37 GMT     IMF-fixdate, the one a sender generates
//   Sunday, 06-Nov-94 08:49:37 GMT    obsolete RFC 850 format
//   Sun Nov  6 08:49:37 1994          obsolete asctime() format
//
// A recipient MUST accept all three. Date.parse is no help: what it accepts is up to the
// JavaScript engine, and it reads the asctime form, which names no zone, as local time.
// HTTP dates count whole seconds, always in UTC.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = MONTHS.join("|");
const DAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const LONG_DAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";

const IMF_FIXDATE = new RegExp(`^(?:${DAY}), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^(?:${LONG_DAY}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:${DAY}) (${MONTH}) ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * A two-digit RFC 850 year more than this many years in the future means the most recent past
 * year with the same last two digits (RFC 9110 §5.6.7).
 */
const TWO_DIGIT_YEAR_HORIZON = 50;

/** IMF-fixdate, which is exactly what Date#toUTCString() produces. */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Milliseconds since the epoch (a whole number of seconds), or undefined when `text` is no HTTP-date. */
export function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2]!, match[1]!, match.slice(4, 7));
  match = RFC_850.exec(text);
  if (match) return utc(fullYear(Number(match[3])), match[2]!, match[1]!, match.slice(4, 7));
  match = ASCTIME.exec(text);
  if (match) return utc(Number(match[6]), match[1]!, match[2]!, match.slice(3, 6));
  return undefined;
}

function fullYear(twoDigits: number): number {
  const now = new Date().getUTCFullYear();
  const year = now - (now % 100) + twoDigits;
  return year > now + TWO_DIGIT_YEAR_HORIZON ? year - 100 : year;
}

/** The instant, or undefined for a date that does not exist (31 Feb, 25:00:00). */
function utc(year: number, monthName: string, day: string, time: readonly (string | undefined)[]): number | undefined {
  const month = MONTHS.indexOf(monthName);
  const [hours, minutes, seconds] = time.map(Number) as [number, number, number];
  const ms = Date.UTC(year, month, Number(day), hours, minutes, seconds);
  const date = new Date(ms);
  // Date.UTC rolls 31 Feb over into March; a date that does not read back the same is not a date.
  const exists =
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === hours &&
    date.getUTCMinutes() === minutes &&
    date.getUTCSeconds() === seconds;
  return exists ? ms : undefined;
}
