import { describe, expect, it } from 'vitest';
import {
  dedupForm,
  dedupOf,
  maxAttemptsOf,
  type QuietHours,
  quietHoursForm,
  quietHoursOf,
  weekdays,
} from '../src/lib/delivery/delivery-settings.ts';

describe('quiet hours between the API and the form', () => {
  it('starts empty as none, and an unticked form is none whatever its fields say', () => {
    const form = quietHoursForm(null);
    expect(form.on).toBe(false);
    expect(quietHoursOf(form)).toBeNull();
    expect(quietHoursOf({ ...form, start: '01:00', days: ['mon'] })).toBeNull();
  });

  it('sends only what differs from the API’s defaults', () => {
    const form = { ...quietHoursForm(null), on: true };
    expect(quietHoursOf(form)).toEqual({ start: '22:00', end: '07:00' });
    expect(quietHoursOf({ ...form, days: [...weekdays] })).toEqual({ start: '22:00', end: '07:00' });
    expect(
      quietHoursOf({ ...form, timeZone: '  Europe/Berlin ', days: ['sat', 'fri'], policy: 'quiet' }),
    ).toEqual({
      start: '22:00',
      end: '07:00',
      timeZone: 'Europe/Berlin',
      days: ['fri', 'sat'],
      policy: 'quiet',
    });
  });

  it('reads back what it wrote', () => {
    const stored: QuietHours = {
      start: '23:30',
      end: '06:15',
      timeZone: 'Asia/Tokyo',
      days: ['mon', 'sun'],
      policy: 'drop',
      bypassFrom: 'error',
    };
    expect(quietHoursOf(quietHoursForm(stored))).toEqual(stored);
  });
});

describe('a rule’s dedup between the API and the form', () => {
  it('takes minutes and sends seconds, the fields split at commas', () => {
    const form = { ...dedupForm(null), on: true, windowMinutes: '30', by: ' data.host, ,title ' };
    expect(dedupOf(form)).toEqual({ ok: true, value: { windowSeconds: 1800, by: ['data.host', 'title'] } });
    expect(dedupOf({ ...form, by: '' })).toEqual({ ok: true, value: { windowSeconds: 1800 } });
    expect(dedupOf({ ...form, on: false })).toEqual({ ok: true, value: null });
    expect(dedupForm({ windowSeconds: 1800, by: ['data.host'] })).toEqual({
      on: true,
      windowMinutes: '30',
      by: 'data.host',
    });
  });

  it('refuses a window that is no whole number of minutes, as the number field hands it over', () => {
    const form = { ...dedupForm(null), on: true };
    for (const bad of ['0', '1.5', '', null, -3]) {
      expect(dedupOf({ ...form, windowMinutes: bad as string })).toEqual({ ok: false, field: 'window' });
    }
    expect(dedupOf({ ...form, windowMinutes: 45 as unknown as string })).toMatchObject({ ok: true });
  });
});

describe('attempts', () => {
  it('are the server’s default when empty, a count when one, and refused otherwise', () => {
    expect(maxAttemptsOf('')).toBeNull();
    expect(maxAttemptsOf(null as unknown as string)).toBeNull();
    expect(maxAttemptsOf('3')).toBe(3);
    expect(maxAttemptsOf(7 as unknown as string)).toBe(7);
    expect(maxAttemptsOf('0')).toBeUndefined();
    expect(maxAttemptsOf('2.5')).toBeUndefined();
  });
});
