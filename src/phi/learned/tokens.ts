/** Words, numbers, handles/hashtags and single punctuation marks, with their offsets. */
export interface Tok {
  start: number;
  end: number;
  text: string;
  lower: string;
}

const TOKEN = /[@#][\p{L}\p{N}_]{1,40}|[\p{L}\p{M}](?:[\p{L}\p{M}\p{N}]|['’.-](?=[\p{L}]))*|\p{N}+|\S/gu;

export function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text))
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], lower: m[0].toLowerCase() });
  return out;
}
