import fs from 'node:fs';
import readline from 'node:readline';

export const optionValue = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Each non-blank line of a file or stdin ("-"), parsed as JSON, or `invalid` when it is not JSON. */
export async function* readJsonlLines(file: string): AsyncGenerator<{ lineNo: number; value: unknown; invalid: boolean }> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  let lineNo = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    try {
      yield { lineNo, value: JSON.parse(line), invalid: false };
    } catch {
      yield { lineNo, value: null, invalid: true };
    }
  }
}

/** `{id, text}` lines from a file or stdin ("-"); lines that are not JSON are reported and skipped. */
export async function* readJsonlRows(file: string): AsyncGenerator<{ id: unknown; text: string }> {
  for await (const { lineNo, value, invalid } of readJsonlLines(file)) {
    if (invalid) {
      process.stderr.write(`line ${lineNo}: not valid JSON, skipped\n`);
      continue;
    }
    const row = value as { id?: unknown; text?: unknown } | null;
    yield { id: row?.id ?? null, text: typeof row?.text === 'string' ? row.text : '' };
  }
}
