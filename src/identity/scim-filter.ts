/**
 * The part of the SCIM filter language (RFC 7644 §3.4.2.2) identity systems send when provisioning: one or
 * more `attribute op "value"` comparisons joined by `and` (eq, ne, co, sw, ew; `pr` for presence). Anything
 * else — `or`, brackets, unknown attributes, over 500 characters — is an invalid filter (a 400), never a
 * partial match. Pure.
 */
export type FilterOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'pr';
export interface Comparison {
  attribute: string;
  op: FilterOp;
  value: string | boolean | null;
}

export class InvalidFilter extends Error {}

const TOKEN = /\s*(?:"((?:[^"\\]|\\.)*)"|(\w[\w.:-]*)|(\S))/y;

/** A quoted string's content with its JSON escapes read; an escape JSON does not know is an invalid filter. */
function unquote(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    throw new InvalidFilter('A quoted value in the filter is not valid.');
  }
}

export function parseFilter(filter: string, attributes: readonly string[]): Comparison[] {
  if (filter.length > 500) throw new InvalidFilter('The filter is longer than 500 characters.');
  const tokens: { text: string; quoted: boolean }[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < filter.length && (m = TOKEN.exec(filter))) {
    if (m[3] !== undefined) {
      if (/\s/.test(m[3])) continue;
      throw new InvalidFilter(`Unexpected "${m[3]}" in the filter.`);
    }
    tokens.push(m[1] !== undefined ? { text: unquote(m[1]), quoted: true } : { text: m[2] ?? '', quoted: false });
  }
  if (filter.trim() && !tokens.length) throw new InvalidFilter('The filter is empty.');
  const out: Comparison[] = [];
  let i = 0;
  while (i < tokens.length) {
    const attr = tokens[i++];
    const known = attributes.find((a) => a.toLowerCase() === attr?.text.toLowerCase());
    if (!attr || attr.quoted || !known) throw new InvalidFilter(`Filtering by "${attr?.text ?? ''}" is not supported.`);
    const op = tokens[i++]?.text.toLowerCase();
    if (op === 'pr') out.push({ attribute: known, op: 'pr', value: null });
    else if (op === 'eq' || op === 'ne' || op === 'co' || op === 'sw' || op === 'ew') {
      const v = tokens[i++];
      if (!v) throw new InvalidFilter('A comparison has no value.');
      const value = v.quoted ? v.text : v.text === 'true' ? true : v.text === 'false' ? false : null;
      if (value === null) throw new InvalidFilter(`"${v.text}" is not a value (quote strings).`);
      out.push({ attribute: known, op, value });
    } else throw new InvalidFilter(`"${op ?? ''}" is not a supported operator.`);
    if (i < tokens.length) {
      if (tokens[i]?.text.toLowerCase() !== 'and' || tokens[i]?.quoted) throw new InvalidFilter('Only "and" may join comparisons.');
      i++;
      if (i >= tokens.length) throw new InvalidFilter('The filter ends with "and".');
    }
  }
  return out;
}

/** Whether a resource's attribute values satisfy every comparison (strings compared without case, as SCIM's userName is). */
export function matches(values: Record<string, string | boolean | null>, filter: readonly Comparison[]): boolean {
  return filter.every(({ attribute, op, value }) => {
    const actual = values[attribute];
    if (op === 'pr') return actual !== null && actual !== undefined && actual !== '';
    if (typeof value === 'boolean' || typeof actual === 'boolean')
      return op === 'eq' ? actual === value : op === 'ne' ? actual !== value : false;
    const a = (actual ?? '').toLowerCase();
    const v = String(value).toLowerCase();
    return op === 'eq' ? a === v : op === 'ne' ? a !== v : op === 'co' ? a.includes(v) : op === 'sw' ? a.startsWith(v) : a.endsWith(v);
  });
}
