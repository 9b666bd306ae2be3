/**
 * HTTP-date parsing (RFC 9110 §5.6.7, https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7): the preferred
 * IMF-fixdate and the two obsolete forms recipients must still accept. Hand-written because Date.parse
 * accepts far more than HTTP-dates ("1" is a year) and reads the asctime form in local time.
 */

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// Sun, 06 Nov 1994 08:49:37 GMT (a one-digit day is tolerated)
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{1,2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
);
// Sun Nov  6 08:49:37 1994 (asctime: the day is space-padded)
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

function toEpochMs(year: number, month: string, day: number, hour: number, minute: number, second: number) {
  const monthIndex = months.indexOf(month);
  // Seconds up to 60 because a leap second is a valid time of day.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const midnight = new Date(Date.UTC(year, monthIndex, day));
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is not a date.
  if (midnight.getUTCDate() !== day || midnight.getUTCMonth() !== monthIndex) return undefined;
  return midnight.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
}

/** Epoch ms of an HTTP-date, or undefined when `text` is not one. `nowMs` resolves two-digit years. */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) {
    const [, day, month, year, hour, minute, second] = match;
    return toEpochMs(Number(year), month!, Number(day), Number(hour), Number(minute), Number(second));
  }
  match = RFC850_DATE.exec(text);
  if (match) {
    const [, day, month, twoDigitYear, hour, minute, second] = match;
    // RFC 9110 §5.6.7: a two-digit year that looks more than 50 years in the future is in the past century.
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(twoDigitYear);
    if (year > nowYear + 50) year -= 100;
    return toEpochMs(year, month!, Number(day), Number(hour), Number(minute), Number(second));
  }
  match = ASCTIME_DATE.exec(text);
  if (match) {
    const [, month, day, hour, minute, second, year] = match;
    return toEpochMs(Number(year), month!, Number(day!.trim()), Number(hour), Number(minute), Number(second));
  }
  return undefined;
}
