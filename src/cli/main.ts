#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { enumsModule, openApiDocument, typesFromOpenApi } from './api-types.ts';
import { verifyArchive } from '../archive/archive-writer.ts';
import { verifyAuditChains } from '../audit/audit-log.ts';
import { ConfigError, loadConfig } from '../config/env.ts';
import { detectPhi, evaluate, parseJsonl, type GoldExample } from '../phi/index.ts';
import { disposeAll, openContext, startServer } from '../server.ts';
import { optionValue, readJsonlRows } from './jsonl.ts';
import { guardCommand } from './guard.ts';
import { moderationCommand } from './moderation.ts';
import { surveillanceReport } from '../signals/surveillance.ts';

const USAGE = `harborline <command>

  start                       start the server (embedded PGlite under ./data, or DATABASE_URL)
  migrate                     apply database migrations and exit
  phi scan --jsonl FILE       scan {id,text} lines; print {id,findings} lines ("-" reads stdin)
  phi eval FILE [--names]     score the detector on labelled JSONL; --names scores names only
  guard check --jsonl FILE [--org ORG.json]
                              decide on {id,text,destination,authorRole} lines in the organization's context;
                              prints {id,decision,findings:[{start,end,category,subject}]} (code-point offsets)
  guard eval [--data DIR]     the guard's figures on labelled posts and identifier spans (DIR: ../shared/data)
  guard train [--data DIR] [--out FILE]
                              train the name model on the train side of DIR/phi plus a synthetic corpus
  audit verify                recompute every organization's audit hash chain
  archive verify              recompute every organization's archive hash chain
  archive dispose             run the retention schedule now (carries out approved destruction past its delay; proposes a request when records expired)
  moderation classify --jsonl FILE   print {id, misinformation} for {id,text} lines ("-" reads stdin)
  moderation eval FILE...            weighted F1, precision/recall at the review threshold, ROC AUC on
                                     labelled CSV (id,tweet,label real/fake) or a CoAID folder
  moderation train [--out FILE] CSV...   train the misinformation model (default: the committed model file)
  signals eval DIR [--verbose]       outbreak detection (EARS C2, CUSUM, seasonal GLM chosen per series) on labelled weekly series
  api-types [--out DIR]              write the web's API types (from the OpenAPI document) and value
                                     lists (from src/shared/enums.ts) into DIR (default web/src/api)
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (cmd === 'start') {
    await startServer(loadConfig());
    return -1; // keep running
  }
  if (cmd === 'migrate') {
    const ctx = await openContext(loadConfig());
    await ctx.database.close();
    process.stdout.write('Migrations applied.\n');
    return 0;
  }
  if (cmd === 'phi' && sub === 'scan') {
    const file = optionValue(rest, '--jsonl');
    if (!file) return usage('phi scan needs --jsonl FILE');
    for await (const row of readJsonlRows(file)) {
      const findings = detectPhi(row.text).map((f) => ({ start: f.start, end: f.end, category: f.category, confidence: f.confidence }));
      process.stdout.write(JSON.stringify({ id: row.id, findings }) + '\n');
    }
    return 0;
  }
  if (cmd === 'api-types') {
    const dir = optionValue(argv, '--out') ?? path.join(import.meta.dirname, '..', '..', 'web', 'src', 'api');
    fs.writeFileSync(path.join(dir, 'endpoints.gen.ts'), typesFromOpenApi(await openApiDocument()));
    fs.writeFileSync(path.join(dir, 'enums.gen.ts'), enumsModule());
    process.stdout.write(`Wrote ${dir}/endpoints.gen.ts and enums.gen.ts\n`);
    return 0;
  }
  if (cmd === 'moderation') return moderationCommand(sub, rest, usage);
  if (cmd === 'guard') return guardCommand(sub, rest, usage);
  if (cmd === 'signals' && sub === 'eval') {
    const dir = rest.find((a) => !a.startsWith('--'));
    if (!dir) return usage('signals eval needs DIR');
    for (const r of surveillanceReport(dir)) {
      process.stdout.write(
        `${r.method.toUpperCase().padEnd(8)} outbreaks caught ${r.caught}/${r.outbreaks} over ${r.series} series; detection delay median ${r.medianDelay ?? '-'} periods (mean ${r.meanDelay?.toFixed(2) ?? '-'}); false alarms ${r.falseAlarms} (${r.falseAlarmsPerYear.toFixed(2)} per series-year)\n`,
      );
      if (rest.includes('--verbose'))
        for (const s of r.perSeries)
          process.stdout.write(
            `  ${s.name.padEnd(10)} caught ${s.caught}/${s.outbreaks} delays [${s.delays.join(',')}] false ${s.falseAlarms}${'model' in s ? ` (${s.model})` : ''}\n`,
          );
    }
    return 0;
  }
  if (cmd === 'phi' && sub === 'eval') {
    const file = rest.find((a) => !a.startsWith('--'));
    if (!file) return usage('phi eval needs FILE');
    const examples = parseJsonl<GoldExample>(fs.readFileSync(file, 'utf8'));
    const namesOnly = rest.includes('--names');
    const report = evaluate(examples, (t) => detectPhi(t), namesOnly ? (sh) => sh.startsWith('SH01') : undefined);
    const pct = (x: number) => x.toFixed(3);
    const out = [
      `examples ${report.examples}`,
      `recall (PHI spans) ${pct(report.recall)}`,
      `recall (incl. partly-PHI spans*) ${pct(report.recallWithPartial)}`,
      `precision ${pct(report.precision)} (${report.truePositives}/${report.predicted})`,
      '',
      'recall by gold category:',
    ];
    for (const [k, v] of Object.entries(report.byGoldCategory).sort(([a], [b]) => a.localeCompare(b)))
      out.push(`  ${k.padEnd(22)} ${pct(v.recall)}  (${v.found}/${v.gold})`);
    out.push('', 'precision by predicted category:');
    for (const [k, v] of Object.entries(report.byPredictedCategory).sort(([a], [b]) => a.localeCompare(b)))
      out.push(`  ${k.padEnd(22)} ${pct(v.precision)}  (${v.predicted} found)`);
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  }
  if ((cmd === 'audit' || cmd === 'archive') && sub === 'verify') {
    const ctx = await openContext({ ...loadConfig(), seedDemo: false });
    try {
      const reports =
        cmd === 'audit'
          ? await verifyAuditChains(ctx.db)
          : (await verifyArchive(ctx.db)).map((r) => ({ chain: `archive:${r.orgId}`, ...r }));
      let ok = true;
      for (const r of reports) {
        ok &&= r.ok;
        process.stdout.write(
          r.ok
            ? `${r.chain}: ok (${r.checked} entries)\n`
            : `${r.chain}: BROKEN at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (${r.checked} verified before it)\n`,
        );
      }
      if (reports.length === 0) process.stdout.write('No chains yet.\n');
      return ok ? 0 : 1;
    } finally {
      await ctx.database.close();
    }
  }
  if (cmd === 'archive' && sub === 'dispose') {
    const ctx = await openContext({ ...loadConfig(), seedDemo: false });
    try {
      for (const r of await disposeAll(ctx.db, ctx.secrets)) {
        process.stdout.write(
          `${r.org}: ${r.executed} approved disposition(s) carried out${r.proposed ? '; expired records found: a request waits for two approvals' : ''}\n`,
        );
      }
      return 0;
    } finally {
      await ctx.database.close();
    }
  }
  return usage(cmd ? `unknown command: ${[cmd, sub].filter(Boolean).join(' ')}` : undefined);
}

function usage(problem?: string): number {
  if (problem) process.stderr.write(`${problem}\n\n`);
  process.stderr.write(USAGE);
  return problem ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`harborline: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
