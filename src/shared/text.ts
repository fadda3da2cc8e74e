/** Removes control characters (other than tab and newlines) and unpaired surrogates from user text. */
export function cleanText(input: string): string {
  return input.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').toWellFormed();
}
