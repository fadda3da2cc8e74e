import { z } from 'zod';
import type { Finding } from '../categories.ts';
import { DESTINATIONS, type Verdict } from '../policy.ts';
import { checkInContext } from './check.ts';
import type { CompiledProfile } from './profile.ts';

/** One line of `guard check` input; `expected` (pass or stop) is read by `guard eval` only. */
export const postLineSchema = z.object({
  id: z.union([z.string(), z.number()]).nullable().default(null),
  text: z.string().max(1_000_000),
  destination: z.enum(DESTINATIONS),
  authorRole: z.string().max(50).default('staff'),
  authorName: z.string().max(300).optional(),
  expected: z.enum(['pass', 'stop']).optional(),
});
export type PostLine = z.output<typeof postLineSchema>;

/** Offsets in Unicode code points (as the labelled data and most other tools count them), not UTF-16 units. */
export function codePointOffsets(text: string, findings: Finding[]): { start: number; end: number; category: string; subject: string }[] {
  const index = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    index[i] = cp;
    const c = text.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)) cp++;
  }
  index[text.length] = cp;
  return findings.map((f) => ({ start: index[f.start], end: index[f.end], category: f.category, subject: f.subject ?? 'unknown' }));
}

export function checkLine(
  line: PostLine,
  profile: CompiledProfile | null,
): { id: PostLine['id']; decision: Verdict; findings: ReturnType<typeof codePointOffsets> } {
  const { decision, findings } = checkInContext(line.text, line.destination, { role: line.authorRole, name: line.authorName }, profile);
  return { id: line.id, decision: decision.verdict, findings: codePointOffsets(line.text, findings) };
}

export interface PostsReport {
  pass: { total: number; let: number };
  stop: { total: number; stopped: number };
  /** Lines decided against their label, with what was decided (ids only: no text). */
  misses: { id: PostLine['id']; expected: 'pass' | 'stop'; decision: Verdict }[];
}

/** `pass` lines should get allow or warn; `stop` lines needs_consent or block. */
export function evaluatePosts(lines: PostLine[], profile: CompiledProfile | null): PostsReport {
  const report: PostsReport = { pass: { total: 0, let: 0 }, stop: { total: 0, stopped: 0 }, misses: [] };
  for (const line of lines) {
    if (!line.expected) continue;
    const { decision } = checkLine(line, profile);
    const stopped = decision === 'needs_consent' || decision === 'block';
    if (line.expected === 'pass') {
      report.pass.total++;
      if (!stopped) report.pass.let++;
    } else {
      report.stop.total++;
      if (stopped) report.stop.stopped++;
    }
    if (stopped !== (line.expected === 'stop')) report.misses.push({ id: line.id, expected: line.expected, decision });
  }
  return report;
}
