import type { Severity } from './event.ts';

export type NtfyPriority = 1 | 2 | 3 | 4 | 5;

// https://docs.ntfy.sh/publish/#message-priority: 1 min, 2 low, 3 default, 4 high, 5 max (urgent).
const priorities: Record<Severity, NtfyPriority> = {
  debug: 1,
  info: 3,
  warning: 4,
  error: 4,
  critical: 5,
};

/** A severity on ntfy's priority scale, which the ntfy apps (and topic subscribers) understand. */
export function ntfyPriority(severity: Severity): NtfyPriority {
  return priorities[severity];
}
