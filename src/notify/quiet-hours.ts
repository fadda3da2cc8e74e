import type { NotificationPrefs } from '../db/schema.ts';

/** The hour (0–23) in a time zone; an unknown zone falls back to UTC. */
export function localHour(date: Date, timeZone = 'UTC'): number {
  try {
    return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(date));
  } catch {
    return date.getUTCHours();
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Inside quiet hours? The window may wrap midnight (22 → 7). Equal start and end means none. */
export function inQuietHours(prefs: NotificationPrefs, now: Date): boolean {
  const { quietStart: start, quietEnd: end } = prefs;
  if (start === undefined || end === undefined || start === end) return false;
  const h = localHour(now, prefs.timeZone);
  return start < end ? h >= start && h < end : h >= start || h < end;
}

/** Whether a notice waits (no live push, mail in a later digest) instead of interrupting now. */
export function holdsNotifications(prefs: NotificationPrefs, now: Date): boolean {
  return (prefs.batch ?? 'instant') !== 'instant' || inQuietHours(prefs, now);
}

const BATCH_MS = { instant: 0, hourly: 3_600_000, daily: 86_400_000 } as const;

/** A digest of held notices goes out once quiet hours are over and the oldest has waited the batch interval. */
export function digestDue(prefs: NotificationPrefs, oldestPending: Date, now: Date): boolean {
  if (inQuietHours(prefs, now)) return false;
  return now.getTime() - oldestPending.getTime() >= BATCH_MS[prefs.batch ?? 'instant'];
}
