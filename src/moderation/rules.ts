import type { RuleAction } from '../db/schema.ts';

/** A watched-word rule (as Discourse's watched words or Reddit's AutoModerator), compiled for matching. */
export interface WatchedRule {
  id: string;
  communityId: string | null;
  pattern: string;
  isRegex: boolean;
  action: RuleAction;
  replacement: string | null;
}

export interface RuleMatch {
  ruleId: string;
  action: RuleAction;
  pattern: string;
}

export interface RuleOutcome {
  /** Fields after "replace" rules ran. */
  fields: Record<string, string>;
  matches: RuleMatch[];
  blocked: RuleMatch | null;
  needsApproval: boolean;
}

const MAX_PATTERN = 200;
// Nested quantifiers such as (a+)+ or (\w*)* backtrack exponentially on hostile input.
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** Why a pattern cannot be a rule, or null when it can. */
export function patternProblem(pattern: string, isRegex: boolean): string | null {
  if (!pattern.trim()) return 'The pattern is empty.';
  if (pattern.length > MAX_PATTERN) return `Patterns are at most ${MAX_PATTERN} characters.`;
  if (!isRegex) return null;
  if (NESTED_QUANTIFIER.test(pattern)) return 'Nested repetition like (a+)+ can make matching hang; rewrite the pattern without it.';
  try {
    new RegExp(pattern, 'iu');
  } catch (e) {
    return `Not a valid regular expression: ${(e as Error).message}`;
  }
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Plain words match whole words, case-insensitively; "*" stands for any letters (vaccin* → vaccines). */
export function compileRule(rule: WatchedRule): RegExp {
  if (rule.isRegex) return new RegExp(rule.pattern, 'giu');
  const body = rule.pattern.trim().split('*').map(escape).join('[\\p{L}\\p{N}]*');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Runs every rule over every field: replacements apply, the first block wins, approvals accumulate. */
export function applyRules(rules: { rule: WatchedRule; re: RegExp }[], fields: Record<string, string>): RuleOutcome {
  const out: Record<string, string> = { ...fields };
  const matches: RuleMatch[] = [];
  for (const { rule, re } of rules) {
    let hit = false;
    for (const [name, text] of Object.entries(out)) {
      re.lastIndex = 0;
      if (!re.test(text)) continue;
      hit = true;
      if (rule.action === 'replace') out[name] = text.replace(re, rule.replacement ?? '■■■');
    }
    if (hit) matches.push({ ruleId: rule.id, action: rule.action, pattern: rule.pattern });
  }
  return {
    fields: out,
    matches,
    blocked: matches.find((m) => m.action === 'block') ?? null,
    needsApproval: matches.some((m) => m.action === 'require_approval'),
  };
}
