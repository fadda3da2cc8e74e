/** Removes control characters (other than tab and newlines) and unpaired surrogates from user text. */
export function cleanText(input: string): string {
  return input.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').toWellFormed();
}

/**
 * A name shown on one line (display names, pseudonyms, channel and production names): control and
 * format characters that could forge lines or fields in exports are removed, whitespace runs become
 * one space, and the result is NFC-normalized.
 */
export function singleLine(input: string): string {
  return input
    .toWellFormed()
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}
