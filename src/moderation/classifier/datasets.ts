import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../../shared/csv.ts';

/**
 * What kind of text a source holds: social-media posts (Constraint's tweets; what people write in
 * Harborline) or news and claim headlines (CoAID). The model keeps what each kind's style says apart from
 * what the sources share, so one source's house style does not stand for "reliable".
 */
export type Domain = 'post' | 'headline';
export const DOMAINS: readonly Domain[] = ['post', 'headline'];

export interface LabelledText {
  id: string;
  text: string;
  /** 1 = misinformation (fake), 0 = reliable (real). */
  label: number;
  domain: Domain;
  /** The fact-check that rated it false, where the source gives one (CoAID). */
  factCheckUrl?: string;
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
    return text && label !== undefined ? [{ id: r.id || String(i + 1), text, label, domain: 'post' as const }] : [];
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
        const factCheckUrl = /^https:\/\/\S+$/.test(r.fact_check_url ?? '') ? r.fact_check_url : undefined;
        if (text)
          out.push({
            id: `${path.relative(dir, full)}#${r[''] ?? out.length}`,
            text,
            label: m[2] === 'Fake' ? 1 : 0,
            domain: 'headline',
            ...(factCheckUrl ? { factCheckUrl } : {}),
          });
      }
    }
  };
  walk(dir);
  return out;
}
