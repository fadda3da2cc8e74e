import fs from 'node:fs';
import path from 'node:path';
import {
  binaryReport,
  buildKnownClaims,
  builtinClaimIndex,
  builtinClaims,
  KNOWN_CLAIMS_FILE,
  misinfoClassifier,
  misinfoDecision,
  MODEL_FILE,
  readLabelled,
  readOfficialMessages,
  rocAuc,
  trainModel,
  type Domain,
  type MisinfoSignals,
} from '../moderation/index.ts';
import { optionValue, readJsonlRows } from './jsonl.ts';

/** The shipped signals without an organization's lists: the classifier and the known claims. */
function cliSignals(): MisinfoSignals {
  return {
    classifier: misinfoClassifier(),
    claims: [builtinClaimIndex()],
    claimThreshold: builtinClaims().stored.threshold,
    approvedDomains: new Set(),
    unreliableDomains: new Set(),
  };
}
const optionValues = (args: string[], name: string) => args.flatMap((a, i) => (args[i - 1] === name ? [a] : []));
const positional = (args: string[], withValues: string[]) =>
  args.filter((a, i) => !a.startsWith('--') && !withValues.includes(args[i - 1]));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f = (x: number) => x.toFixed(3);

export async function moderationCommand(sub: string | undefined, rest: string[], usage: (problem: string) => number): Promise<number> {
  if (sub === 'classify') {
    const file = optionValue(rest, '--jsonl');
    if (!file) return usage('moderation classify needs --jsonl FILE');
    const kind = (optionValue(rest, '--kind') ?? 'post') as Domain;
    if (kind !== 'post' && kind !== 'headline') return usage('--kind is post or headline');
    const signals = cliSignals();
    for await (const row of readJsonlRows(file)) {
      const d = misinfoDecision(signals, row.text, { domain: kind });
      process.stdout.write(
        JSON.stringify({ id: row.id, misinformation: Number(d.score.toFixed(4)), flagged: d.flagged, reasons: d.reasons }) + '\n',
      );
    }
    return 0;
  }
  if (sub === 'eval') {
    const files = positional(rest, ['--official']);
    const official = optionValues(rest, '--official');
    if (!files.length && !official.length) return usage('moderation eval needs FILE or --official FILE');
    const signals = cliSignals();
    for (const file of files) {
      const rows = readLabelled(file);
      const domain = rows[0]?.domain ?? 'post';
      const labels = rows.map((r) => r.label);
      const scores = rows.map((r) => signals.classifier.probability(r.text, r.domain));
      const at = binaryReport(labels, scores, signals.classifier.thresholds[domain]);
      const half = binaryReport(labels, scores, 0.5);
      const decisions = rows.map((r) => misinfoDecision(signals, r.text, { domain: r.domain }));
      const combined = binaryReport(
        labels,
        decisions.map((d) => (d.flagged ? 1 : 0)),
        0.5,
      );
      const byClaim = decisions.filter((d, i) => labels[i] === 1 && d.reasons.some((r) => r.kind === 'known_claim')).length;
      const rate = (r: typeof at) => r.confusion.fp / Math.max(1, r.confusion.fp + r.confusion.tn);
      const { tp, fp, tn, fn } = at.confusion;
      process.stdout.write(
        [
          `${file}: ${rows.length} examples, ${labels.filter((l) => l === 1).length} misinformation (read as ${domain}s)`,
          `  review threshold ${f(at.threshold)}: weighted F1 ${f(at.weightedF1)}  precision ${f(at.precision)}  recall ${f(at.recall)}  reliable flagged ${pct(rate(at))}  (tp ${tp} fp ${fp} tn ${tn} fn ${fn})`,
          `  threshold 0.500: weighted F1 ${f(half.weightedF1)}  precision ${f(half.precision)}  recall ${f(half.recall)}  reliable flagged ${pct(rate(half))}`,
          `  ROC AUC ${f(rocAuc(labels, scores))}`,
          `  review decision (classifier + known claims): misinformation caught ${pct(combined.recall)}  reliable flagged ${pct(rate(combined))}  weighted F1 ${f(combined.weightedF1)}  (${byClaim} caught by a known claim)`,
        ].join('\n') + '\n',
      );
    }
    if (official.length) {
      let all = 0;
      let flagged = 0;
      for (const file of official) {
        const messages = readOfficialMessages(file);
        // Staff posts' write path: known claims and sources (the classifier does not judge staff posts);
        // the classifier's own rate beside it, for what it would add.
        const hits = messages.filter(
          (m) => misinfoDecision(signals, m.text, { domain: 'post', topicGate: true, classifier: false }).flagged,
        );
        const byClassifier = messages.filter((m) => misinfoDecision(signals, m.text, { domain: 'post', topicGate: true }).flagged).length;
        all += messages.length;
        flagged += hits.length;
        process.stdout.write(
          `official messages from ${file}: ${messages.length}, flagged on the staff write path ${hits.length} (${pct(hits.length / Math.max(1, messages.length))}); the classifier would add up to ${pct(byClassifier / Math.max(1, messages.length))}\n`,
        );
        if (rest.includes('--verbose')) for (const m of hits) process.stdout.write(`  flagged: ${m.id}\n`);
      }
      process.stdout.write(`official messages in all: ${all}, flagged ${flagged} (${pct(flagged / Math.max(1, all))}); target ≤ 2%\n`);
    }
    return 0;
  }
  if (sub === 'train') {
    const out = optionValue(rest, '--out') ?? MODEL_FILE;
    const claimsOut = optionValue(rest, '--claims-out') ?? KNOWN_CLAIMS_FILE;
    const files = positional(rest, ['--out', '--claims-out']);
    if (!files.length) return usage('moderation train needs labelled CSV files or CoAID folders');
    const rows = files.flatMap((file) => readLabelled(file));
    const started = Date.now();
    const sources = files.map((file) => path.basename(file));
    const model = trainModel(rows, { sources });
    fs.writeFileSync(out, JSON.stringify(model));
    const claims = buildKnownClaims(rows, sources);
    fs.writeFileSync(claimsOut, JSON.stringify(claims));
    process.stdout.write(
      `trained on ${rows.length} examples in ${((Date.now() - started) / 1000).toFixed(1)} s: ${model.terms.length} terms, review thresholds post ${model.thresholds.post.toFixed(3)} headline ${model.thresholds.headline.toFixed(3)} → ${out}\n` +
        `known claims: ${claims.claims.length}, similarity threshold ${claims.threshold} (reliable training items at or above: ${pct(claims.reliableMatchRate)}) → ${claimsOut}\n`,
    );
    return 0;
  }
  return usage(`unknown command: moderation ${sub ?? ''}`.trim());
}
