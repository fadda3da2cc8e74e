/**
 * One quoted CSV cell. A leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula
 * (exports may contain user-written text).
 */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
}
