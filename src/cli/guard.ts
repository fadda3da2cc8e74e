import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectPhi, dictionaries, evaluate, parseJsonl, type GoldExample } from '../phi/index.ts';
import { labelledNameExamples, MODEL_FILE, saveModel, syntheticCorpus, trainNameModel, type NameExample } from '../phi/learned/index.ts';
import { checkLine, compileProfile, evaluatePosts, orgProfileSchema, postLineSchema, type CompiledProfile } from '../phi/context/index.ts';
import { optionValue, readJsonlLines } from './jsonl.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '-');

/** Where the labelled data is: --data DIR, HARBORLINE_EVAL_DATA, or ../shared/data beside the repository. */
const labelledData = (args: string[]) =>
  path.resolve(optionValue(args, '--data') ?? process.env.HARBORLINE_EVAL_DATA ?? path.join(REPO, '..', 'shared', 'data'));

/** Reads ORG.json; a problem is named by its field. */
export function readOrgProfile(file: string): CompiledProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not valid JSON'}`);
  }
  const parsed = orgProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return compileProfile(parsed.data);
}

export async function guardCommand(sub: string | undefined, rest: string[], usage: (problem: string) => number): Promise<number> {
  if (sub === 'check') {
    const file = optionValue(rest, '--jsonl');
    const org = optionValue(rest, '--org');
    if (!file) return usage('guard check needs --jsonl FILE');
    const profile = org ? readOrgProfile(org) : null;
    let bad = 0;
    for await (const { lineNo, value, invalid } of readJsonlLines(file)) {
      if (invalid) {
        bad++;
        process.stdout.write(JSON.stringify({ id: null, line: lineNo, error: 'not valid JSON' }) + '\n');
        continue;
      }
      const parsed = postLineSchema.safeParse(value);
      if (!parsed.success) {
        bad++;
        const issue = parsed.error.issues[0];
        const id = (value as { id?: unknown } | null)?.id ?? null;
        process.stdout.write(JSON.stringify({ id, line: lineNo, error: `${issue.path.join('.')}: ${issue.message}` }) + '\n');
        continue;
      }
      process.stdout.write(JSON.stringify(checkLine(parsed.data, profile)) + '\n');
    }
    if (bad) process.stderr.write(`${bad} line(s) could not be checked (see their "error")\n`);
    return bad ? 1 : 0;
  }
  if (sub === 'eval') {
    const data = labelledData(rest);
    const out: string[] = [];
    out.push("Posts in their organization's context (pass: allow or warn; stop: needs_consent or block)");
    for (const dir of [path.join(data, 'guard'), path.join(REPO, 'test', 'fixtures', 'guard')]) {
      for (const { posts, org } of postSets(dir)) {
        const lines = parseJsonl<unknown>(fs.readFileSync(posts, 'utf8')).map((l) => postLineSchema.parse(l));
        const r = evaluatePosts(lines, readOrgProfile(org));
        out.push(
          `  ${path.relative(process.cwd(), posts)} with ${path.basename(org)}: pass let through ${r.pass.let}/${r.pass.total} (${pct(r.pass.let, r.pass.total)}%), stop stopped ${r.stop.stopped}/${r.stop.total} (${pct(r.stop.stopped, r.stop.total)}%)`,
        );
        for (const m of r.misses) out.push(`    missed ${m.id}: expected ${m.expected}, decided ${m.decision}`);
      }
    }
    const phiDir = path.join(data, 'phi');
    out.push('', 'Identifier spans (full coverage of every letter and digit)');
    for (const file of fs.existsSync(phiDir)
      ? fs
          .readdirSync(phiDir)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
      : []) {
      const examples = parseJsonl<GoldExample>(fs.readFileSync(path.join(phiDir, file), 'utf8'));
      const all = evaluate(examples, (t) => detectPhi(t));
      const names = evaluate(
        examples,
        (t) => detectPhi(t),
        (sh) => sh.startsWith('SH01'),
      );
      out.push(
        `  ${file}: recall ${all.recall.toFixed(3)}, precision ${all.precision.toFixed(3)}, names recall ${names.recall.toFixed(3)} (${examples.length} texts)`,
      );
    }
    out.push('', ...heldOutReport(data));
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  }
  if (sub === 'train') {
    const data = labelledData(rest);
    const out = path.resolve(optionValue(rest, '--out') ?? MODEL_FILE);
    const d = dictionaries();
    const labelled = labelledNameExamples(path.join(data, 'phi'), 'train').flatMap((f) => f.names);
    const synthetic = syntheticCorpus(d, 'train', 20_000);
    const { model, validation } = trainNameModel([...labelled, ...synthetic]);
    saveModel(out, model);
    process.stdout.write(
      `trained on ${labelled.length} labelled and ${synthetic.length} synthetic texts (train side only); threshold ${model.threshold}; validation slice: precision ${validation.precision.toFixed(3)}, recall ${validation.recall.toFixed(3)}, F1 ${validation.f1.toFixed(3)}\nwrote ${path.relative(process.cwd(), out)}\n`,
    );
    process.stdout.write(heldOutReport(data).join('\n') + '\n');
    return 0;
  }
  return usage(`unknown command: guard ${sub ?? ''}`.trim());
}

/** Name recall and precision on the test side only (texts, templates and names training never saw), rules alone and with the model. */
function heldOutReport(data: string): string[] {
  const d = dictionaries();
  const lines = ['Names on held-out data (test side of the split; the model never trained on it): rules alone → rules + learned model'];
  const sets: { label: string; examples: GoldExample[] }[] = labelledNameExamples(path.join(data, 'phi'), 'test').map((f) => ({
    label: f.file,
    examples: f.examples,
  }));
  const synthetic = syntheticCorpus(d, 'test', 3000);
  sets.push({
    label: 'synthetic (unseen templates and names)',
    examples: synthetic.map((ex: NameExample) => ({
      id: ex.id,
      text: ex.text,
      spans: ex.spans.map((s) => ({ ...s, type: 'PER', sh: 'SH01_NAME' })),
    })),
  });
  for (const set of sets) {
    const score = (learned: boolean) =>
      evaluate(
        set.examples,
        (t) => detectPhi(t, { learned }).filter((f) => f.category === 'SH01_NAME'),
        (sh) => sh.startsWith('SH01'),
      );
    const [rules, both] = [score(false), score(true)];
    lines.push(
      `  ${set.label} (${set.examples.length} texts): recall ${rules.recall.toFixed(3)} → ${both.recall.toFixed(3)}, precision ${rules.precision.toFixed(3)} → ${both.precision.toFixed(3)}`,
    );
  }
  return lines;
}

/** Each JSONL file of posts with its organization: the only ORG.json beside it, or the one sharing its name's first word. */
function postSets(dir: string): { posts: string; org: string }[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).sort();
  const orgs = files.filter((f) => f.endsWith('.org.json'));
  return files
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => {
      const org = orgs.length === 1 ? orgs[0] : orgs.find((o) => o.split(/[-_.]/)[0] === f.split(/[-_.]/)[0]);
      return org ? [{ posts: path.join(dir, f), org: path.join(dir, org) }] : [];
    });
}
