// The layers of src/, bottom to top (README, "Architecture"):
//   foundation  shared, phi, outbound, config, db, repositories, jobs, access   pure logic and infrastructure
//   http        request plumbing: context type, actor helpers, errors, hardening
//   features    audit, archive, records, notify, security, accounts, training, policies, moderation,
//               guard, media, community, consent, directory, messaging, publisher, signals, oversight, organizations
//   seed        the demo data
//   root        src/app.ts (routes composed), src/background.ts (jobs scheduled), src/server.ts (context, start)
//   cli         the harborline command
// An import may only go down. `npm test` runs this check; there are no exceptions.
const FOUNDATION = '^src/(shared|phi|outbound|config|db|repositories|jobs|access)/';
const HTTP = '^src/http/';
const FEATURES =
  '^src/(audit|archive|records|notify|security|accounts|training|policies|moderation|guard|media|community|consent|directory|messaging|publisher|signals|oversight|organizations)/';
const SEED = '^src/seed/';
const ROOT = '^src/(app|background|server)\\.ts$';
const CLI = '^src/cli/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import loops, between modules or folders.', from: {}, to: { circular: true } },
    { name: 'foundation-stays-down', severity: 'error', from: { path: FOUNDATION }, to: { path: [HTTP, FEATURES, SEED, ROOT, CLI] } },
    {
      name: 'phi-is-pure',
      severity: 'error',
      comment: 'The detector and the guard in context are pure: no database, no HTTP.',
      from: { path: '^src/phi/' },
      to: { path: '^src/', pathNot: '^src/(phi|shared)/' },
    },
    { name: 'http-below-features', severity: 'error', from: { path: HTTP }, to: { path: [FEATURES, SEED, ROOT, CLI] } },
    { name: 'features-below-root', severity: 'error', from: { path: FEATURES }, to: { path: [SEED, ROOT, CLI] } },
    { name: 'seed-below-root', severity: 'error', from: { path: SEED }, to: { path: [ROOT, CLI] } },
    { name: 'root-below-cli', severity: 'error', from: { path: ROOT }, to: { path: CLI } },
    { name: 'not-to-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(test|bench|scripts)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    parser: 'swc',
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    exclude: { path: '(^|/)node_modules/' },
  },
};
