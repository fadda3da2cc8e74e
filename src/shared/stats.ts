/** The median of a list of numbers (the mean of the middle two for an even count); null when empty. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The median rounded to a whole number, for minutes shown to people; null when empty. */
export function roundedMedian(xs: number[]): number | null {
  const m = median(xs);
  return m === null ? null : Math.round(m);
}
