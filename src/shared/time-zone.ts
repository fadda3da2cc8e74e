/** How far `timeZone` is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * A wall-clock time in a time zone ("2026-12-05 09:00" in Europe/Paris) as an instant. In the hour a
 * clock skips, the time after the jump; in the hour it repeats, the first of the two.
 */
export function zonedTimeToUtc(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The zone's offsets half a day before and after: different only around a clock change.
  const candidates = [guess - offsetMs(guess - 43_200_000, timeZone), guess - offsetMs(guess + 43_200_000, timeZone)];
  const real = candidates.filter((at) => offsetMs(at, timeZone) === guess - at);
  return new Date(real.length ? Math.min(...real) : candidates[0]);
}
