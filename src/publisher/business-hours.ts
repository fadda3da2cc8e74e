import { localHour } from '../notify/quiet-hours.ts';

/** When the organization answers: weekdays and opening hours in its time zone. */
export interface BusinessCalendar {
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday */
  days: number[];
  open: number;
  close: number;
}

export const DEFAULT_CALENDAR: BusinessCalendar = { timeZone: 'UTC', days: [1, 2, 3, 4, 5], open: 8, close: 18 };

function localDay(date: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(date);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

const isOpen = (d: Date, cal: BusinessCalendar) => {
  const h = localHour(d, cal.timeZone);
  return cal.days.includes(localDay(d, cal.timeZone)) && h >= cal.open && h < cal.close;
};

/**
 * The moment `hours` business hours after `start`: time only counts while the organization is open.
 * Steps to the next UTC hour boundary at a time, so in zones with half-hour offsets the count can be
 * up to 30 minutes off at opening and closing time.
 */
export function addBusinessHours(start: Date, hours: number, cal: BusinessCalendar = DEFAULT_CALENDAR): Date {
  if (!cal.days.length || cal.close <= cal.open) return new Date(start.getTime() + hours * 3_600_000);
  let remaining = Math.round(hours * 60);
  let t = new Date(Math.ceil(start.getTime() / 60_000) * 60_000);
  let guard = 0;
  while (remaining > 0 && guard++ < 1_000_000) {
    if (isOpen(t, cal)) {
      // advance to the end of this open hour or the remaining time, whichever is first
      const minutesLeftInHour = 60 - new Date(t).getUTCMinutes();
      const step = Math.min(remaining, minutesLeftInHour);
      t = new Date(t.getTime() + step * 60_000);
      remaining -= step;
    } else {
      const minutesToHour = 60 - new Date(t).getUTCMinutes();
      t = new Date(t.getTime() + minutesToHour * 60_000);
    }
  }
  return t;
}
