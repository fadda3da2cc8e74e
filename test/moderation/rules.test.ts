import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyRules, compileRule, patternProblem, type RuleMatcher, type WatchedRule } from '../../src/moderation/rules.ts';

const rule = (pattern: string, action: WatchedRule['action'], extra: Partial<WatchedRule> = {}): { rule: WatchedRule; re: RuleMatcher } => {
  const r: WatchedRule = { id: pattern, communityId: null, pattern, isRegex: false, action, replacement: null, ...extra };
  return { rule: r, re: compileRule(r) };
};

describe('watched-word rules', () => {
  test('plain words match whole words in any case; * stands for letters', () => {
    assert.equal(applyRules([rule('cure', 'flag')], { body: 'A CURE for it' }).matches.length, 1);
    assert.equal(applyRules([rule('cure', 'flag')], { body: 'secure the door' }).matches.length, 0);
    assert.equal(applyRules([rule('vaccin*', 'flag')], { body: 'Vaccines work' }).matches.length, 1);
  });

  test('replace rewrites every field, block wins, approval accumulates', () => {
    const out = applyRules([rule('darn', 'replace', { replacement: '***' }), rule('scam', 'require_approval')], {
      title: 'darn',
      body: 'darn scam, darn',
    });
    assert.deepEqual(out.fields, { title: '***', body: '*** scam, ***' });
    assert.equal(out.needsApproval, true);
    assert.equal(out.blocked, null);
    assert.equal(applyRules([rule('scam', 'block')], { body: 'a scam' }).blocked?.pattern, 'scam');
  });

  test('user patterns run on a linear-time engine: the patterns that froze the server finish on long input', () => {
    // Each of these takes time doubling per character on a backtracking engine (27 characters: 6.4 s).
    const hostile = ['((a)+)+$', '(a|a)+$', '(a|a?)+$', '([)a]+)+$', '(a+)+$', '(\\w*)*x'];
    const text = 'a'.repeat(5_000) + '!';
    for (const pattern of hostile) {
      assert.equal(patternProblem(pattern, true), null, pattern);
      const r = rule(pattern, 'flag', { isRegex: true });
      // Same answer as a backtracking engine gives on a short input (where it is still quick).
      const expected = new RegExp(pattern, 'iu').test('aaaa!') ? 1 : 0;
      assert.equal(applyRules([r], { body: text }).matches.length, expected, pattern);
    }
    assert.equal(applyRules([rule('(a|a)+!$', 'flag', { isRegex: true })], { body: text }).matches.length, 1);
  });

  test('plain words keep whole-word matching and replacement next to punctuation and at the ends', () => {
    const out = applyRules([rule('darn', 'replace', { replacement: '*' })], { body: 'darn,darn darned Darn' });
    assert.equal(out.fields.body, '*,* darned *');
    assert.equal(applyRules([rule('anti*vax', 'flag')], { body: 'so antivax' }).matches.length, 1);
  });

  test('invalid or unsupported patterns are refused with a reason', () => {
    assert.match(patternProblem('[', true)!, /Not a valid regular expression/);
    assert.match(patternProblem('cure(?!d)', true)!, /lookahead/);
    assert.equal(patternProblem('colou?r', true), null);
    assert.match(patternProblem('x'.repeat(201), false)!, /at most 200/);
  });
});
