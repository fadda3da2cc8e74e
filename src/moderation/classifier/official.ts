import fs from 'node:fs';
import path from 'node:path';
import { readLabelled } from './datasets.ts';

/**
 * Official public-health messages, to measure how often the screen would flag an organization's own
 * health communication: lines of a text file (messages written for this purpose), or the reliable items of
 * a labelled source that are an agency's own words — Constraint tweets that name a health agency, CoAID's
 * reliable claims (WHO's answers and myth-busters).
 */
const AGENCY =
  /\b(CDC|WHO|NHS|FDA|NIH|ICMR|MoHFW|ECDC|PHE|health (department|ministry|authority|officials?)|ministry of health|public health)\b/i;

export interface OfficialMessage {
  id: string;
  text: string;
  origin: string;
}

export function readOfficialMessages(file: string): OfficialMessage[] {
  const origin = path.basename(file);
  if (fs.statSync(file).isFile() && file.endsWith('.txt'))
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((text, i) => ({ id: `${origin}:${i + 1}`, text, origin }));
  return readLabelled(file)
    .filter((r) => r.label === 0 && (r.domain === 'headline' ? /ClaimReal/.test(r.id) : AGENCY.test(r.text)))
    .map((r) => ({ id: r.id, text: r.text, origin }));
}
