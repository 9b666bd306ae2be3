import { ApiError } from '@notify-bridge/client';
import { locale, t } from './i18n/i18n.svelte.ts';

/** A date and time in the current locale, or the given fallback for none. */
export function formatDateTime(iso: string | null | undefined, none = '—'): string {
  if (!iso) return none;
  return new Date(iso).toLocaleString(locale.current, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What a page shows when its data failed to load: a 403 is an admins-only page, the rest says why. */
export function loadProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return t('common.adminOnly');
  return messageOf(error);
}

/** The message of an API error body, or of anything thrown. */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const inner = (error as { error: { message?: unknown } }).error;
    if (typeof inner?.message === 'string') return inner.message;
  }
  return error instanceof Error ? error.message : String(error);
}
