import { isTimeZone } from '../domain/zoned-time.ts';

/**
 * The checks on what a person types for themselves: a sign-in name, a locale, a time zone. Each answers
 * what is wrong in words for the user, or undefined when the value will do.
 */

/** Letters, digits and `._@-`, starting with a letter or digit; compared and stored in lower case. */
const namePattern = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function normalizeUserName(name: string): string {
  return name.trim().toLowerCase();
}

export function userNameProblem(name: string): string | undefined {
  return namePattern.test(normalizeUserName(name))
    ? undefined
    : 'a user name is 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit';
}

/** The canonical BCP 47 form (`de-ch` → `de-CH`), or undefined when it is not a language tag. */
export function canonicalLocale(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

export function localeProblem(locale: string): string | undefined {
  return canonicalLocale(locale) === undefined
    ? `"${locale.slice(0, 40)}" is not a BCP 47 language tag (such as "en", "de-CH")`
    : undefined;
}

export function timeZoneProblem(zone: string): string | undefined {
  return isTimeZone(zone)
    ? undefined
    : `"${zone.slice(0, 60)}" is not an IANA time zone (such as "Europe/Zurich", "UTC")`;
}
