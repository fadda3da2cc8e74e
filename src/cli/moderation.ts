import fs from 'node:fs';
import path from 'node:path';
import { aboutHealthClaims, binaryReport, misinfoClassifier, MODEL_FILE, readLabelled, rocAuc, trainModel } from '../moderation/index.ts';
import { optionValue, readJsonlRows } from './jsonl.ts';

export async function moderationCommand(sub: string | undefined, rest: string[], usage: (problem: string) => number): Promise<number> {
  if (sub === 'classify') {
    const file = optionValue(rest, '--jsonl');
    if (!file) return usage('moderation classify needs --jsonl FILE');
    const classifier = misinfoClassifier();
    for await (const row of readJsonlRows(file)) {
      process.stdout.write(JSON.stringify({ id: row.id, misinformation: Number(classifier.probability(row.text).toFixed(4)) }) + '\n');
    }
    return 0;
  }
  if (sub === 'eval') {
    const files = rest.filter((a) => !a.startsWith('--'));
    if (!files.length) return usage('moderation eval needs FILE');
    const classifier = misinfoClassifier();
    const f = (x: number) => x.toFixed(3);
    for (const file of files) {
      const rows = readLabelled(file);
      const labels = rows.map((r) => r.label);
      const scores = rows.map((r) => classifier.probability(r.text));
      const at = binaryReport(labels, scores, classifier.threshold);
      const half = binaryReport(labels, scores, 0.5);
      const gated = binaryReport(
        labels,
        rows.map((r, i) => (aboutHealthClaims(r.text) ? scores[i] : 0)),
        classifier.threshold,
      );
      const { tp, fp, tn, fn } = at.confusion;
      process.stdout.write(
        [
          `${file}: ${rows.length} examples, ${labels.filter((l) => l === 1).length} misinformation`,
          `  review threshold ${f(at.threshold)}: weighted F1 ${f(at.weightedF1)}  precision ${f(at.precision)}  recall ${f(at.recall)}  (tp ${tp} fp ${fp} tn ${tn} fn ${fn})`,
          `  threshold 0.500: weighted F1 ${f(half.weightedF1)}  precision ${f(half.precision)}  recall ${f(half.recall)}`,
          `  ROC AUC ${f(rocAuc(labels, scores))}`,
          `  write path (health-claim topics only): weighted F1 ${f(gated.weightedF1)}  precision ${f(gated.precision)}  recall ${f(gated.recall)}`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  }
  if (sub === 'train') {
    const out = optionValue(rest, '--out') ?? MODEL_FILE;
    const files = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--out');
    if (!files.length) return usage('moderation train needs labelled CSV files');
    const rows = files.flatMap((file) => readLabelled(file));
    const started = Date.now();
    const model = trainModel(rows, { sources: files.map((file) => path.basename(file)) });
    fs.writeFileSync(out, JSON.stringify(model));
    process.stdout.write(
      `trained on ${rows.length} examples in ${((Date.now() - started) / 1000).toFixed(1)} s: ${model.terms.length} features, review threshold ${model.threshold.toFixed(3)} → ${out}\n`,
    );
    return 0;
  }
  return usage(`unknown command: moderation ${sub ?? ''}`.trim());
}
