import en from './en.json';
import ru from './ru.json';

/** One catalogue per locale, with the same keys (test/i18n.test.ts checks it). */
const catalogues = { en, ru } satisfies Record<string, Record<keyof typeof en, string>>;
export type Locale = keyof typeof catalogues;
export type MessageKey = keyof typeof en;
export const locales = Object.keys(catalogues) as Locale[];

const stored = 'notify-bridge.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(stored);
  if (saved && saved in catalogues) return saved as Locale;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2));
  return (preferred.find((tag) => tag in catalogues) as Locale | undefined) ?? 'en';
}

const first = initialLocale();
document.documentElement.lang = first;
let current = $state<Locale>(first);

export const locale = {
  get current(): Locale {
    return current;
  },
  set(next: Locale): void {
    current = next;
    localStorage.setItem(stored, next);
    document.documentElement.lang = next;
  },
};

/** The message in the current locale, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = catalogues[current][key] ?? catalogues.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A time in the current locale. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
