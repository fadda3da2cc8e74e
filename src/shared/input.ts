import { z } from 'zod';
import { singleLine } from './text.ts';

/** A one-line name from a user, cleaned before it is validated (see singleLine). */
export const nameInput = (min: number, max: number) =>
  z
    .string()
    .max(max * 4)
    .transform(singleLine)
    .pipe(z.string().min(min, `must be at least ${min} characters`).max(max, `must be at most ${max} characters`));

/**
 * A date or date-time from a request. Years outside 1900–9999 are refused with a clear message (the
 * database's own range is wider, but a year like -200000 is always a mistake or an attack).
 */
export const dateInput = () =>
  z.coerce
    .date({ message: 'must be a date (YYYY-MM-DD or ISO 8601)' })
    .refine((d) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999, 'must be a date between the years 1900 and 9999');
