import fs from 'node:fs';
import path from 'node:path';
import { parseJsonl, type GoldExample } from '../evaluate.ts';
import { inTestSplit, type NameExample } from './synthetic.ts';

/** The labelled span files in DIR as name examples, split by a hash of file and id (one in five is test). */
export function labelledNameExamples(
  dir: string,
  split: 'train' | 'test',
): { file: string; examples: GoldExample[]; names: NameExample[] }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((file) => {
      const examples = parseJsonl<GoldExample>(fs.readFileSync(path.join(dir, file), 'utf8')).filter(
        (ex) => inTestSplit(`${file}:${ex.id}`) === (split === 'test'),
      );
      const names = examples.map((ex) => ({
        id: `${file}:${ex.id}`,
        text: ex.text,
        spans: ex.spans.filter((s) => s.sh?.startsWith('SH01')).map(({ start, end }) => ({ start, end })),
      }));
      return { file, examples, names };
    });
}
