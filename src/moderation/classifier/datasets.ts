import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../../shared/csv.ts';

export interface LabelledText {
  id: string;
  text: string;
  /** 1 = misinformation (fake), 0 = reliable (real). */
  label: number;
}

const LABELS: Record<string, number> = { fake: 1, false: 1, misinformation: 1, '1': 1, real: 0, true: 0, reliable: 0, '0': 0 };

/**
 * Labelled CSV in the Constraint layout (id, tweet|text, label real/fake), or a CoAID folder of
 * {Claim,News}{Fake,Real}COVID-19.csv files (the label comes from the file name, the text is the title).
 */
export function readLabelled(file: string): LabelledText[] {
  if (fs.statSync(file).isDirectory()) return readCoaid(file);
  const rows = parseCsvObjects(fs.readFileSync(file, 'utf8'));
  return rows.flatMap((r, i) => {
    const text = r.tweet ?? r.text ?? r.title ?? '';
    const label = LABELS[(r.label ?? '').trim().toLowerCase()];
    return text && label !== undefined ? [{ id: r.id || String(i + 1), text, label }] : [];
  });
}

function readCoaid(dir: string): LabelledText[] {
  const out: LabelledText[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      const m = /^(Claim|News)(Fake|Real)COVID-19\.csv$/.exec(name);
      if (!m) continue;
      for (const r of parseCsvObjects(fs.readFileSync(full, 'utf8'))) {
        const text = (r.title ?? '').replace(/^"+|"+$/g, '').trim();
        if (text) out.push({ id: `${path.relative(dir, full)}#${r[''] ?? out.length}`, text, label: m[2] === 'Fake' ? 1 : 0 });
      }
    }
  };
  walk(dir);
  return out;
}
