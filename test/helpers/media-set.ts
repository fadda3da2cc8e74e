import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LabelledPicture } from '../../src/media/evaluate.ts';
import type { Category } from '../../src/phi/index.ts';
import { FIXTURES } from './media.ts';

const require = createRequire(import.meta.url);

/** The labelled picture set of test/fixtures/media/labels.json, read where each picture lives. */
export function labelledPictures(): LabelledPicture[] {
  const { pictures } = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'labels.json'), 'utf8')) as {
    pictures: { file: string; package?: string; faces: number; identifiers: Category[]; codes: number }[];
  };
  return pictures.map((p) => {
    const file = p.package ? path.join(path.dirname(require.resolve(`${p.package}/package.json`)), p.file) : path.join(FIXTURES, p.file);
    return {
      name: p.package ? `${p.package}/${p.file}` : p.file,
      data: fs.readFileSync(file),
      faces: p.faces,
      identifiers: p.identifiers,
      codes: p.codes,
    };
  });
}
