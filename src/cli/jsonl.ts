import fs from 'node:fs';
import readline from 'node:readline';

export const optionValue = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** `{id, text}` lines from a file or stdin ("-"); lines that are not JSON are reported and skipped. */
export async function* readJsonlRows(file: string): AsyncGenerator<{ id: unknown; text: string }> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  let lineNo = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let row: { id?: unknown; text?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      process.stderr.write(`line ${lineNo}: not valid JSON, skipped\n`);
      continue;
    }
    yield { id: row?.id ?? null, text: typeof row?.text === 'string' ? row.text : '' };
  }
}
