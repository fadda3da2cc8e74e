import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyRules, compileRule, patternProblem, type WatchedRule } from '../../src/moderation/rules.ts';

const rule = (pattern: string, action: WatchedRule['action'], extra: Partial<WatchedRule> = {}): { rule: WatchedRule; re: RegExp } => {
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
    const out = applyRules([rule('darn', 'replace', { replacement: '***' }), rule('scam', 'require_approval')], { title: 'darn', body: 'darn scam, darn' });
    assert.deepEqual(out.fields, { title: '***', body: '*** scam, ***' });
    assert.equal(out.needsApproval, true);
    assert.equal(out.blocked, null);
    assert.equal(applyRules([rule('scam', 'block')], { body: 'a scam' }).blocked?.pattern, 'scam');
  });

  test('hostile patterns are refused before they can hang matching', () => {
    assert.match(patternProblem('(a+)+$', true)!, /Nested repetition/);
    assert.match(patternProblem('(\\w*)*x', true)!, /Nested repetition/);
    assert.match(patternProblem('[', true)!, /Not a valid regular expression/);
    assert.equal(patternProblem('colou?r', true), null);
    assert.match(patternProblem('x'.repeat(201), false)!, /at most 200/);
  });
});
