import { RE2JS } from 're2js';
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
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS;

/**
 * A compiled rule. Patterns come from users, so they run on RE2 (re2js): matching time is linear in the
 * text whatever the pattern, where a backtracking engine can take exponential time on (a|a)+$ and the like.
 */
export interface RuleMatcher {
  test(text: string): boolean;
  replace(text: string, replacement: string): string;
}

/** Why a pattern cannot be a rule, or null when it can. */
export function patternProblem(pattern: string, isRegex: boolean): string | null {
  if (!pattern.trim()) return 'The pattern is empty.';
  if (pattern.length > MAX_PATTERN) return `Patterns are at most ${MAX_PATTERN} characters.`;
  if (!isRegex) return null;
  try {
    RE2JS.compile(pattern, FLAGS);
  } catch (e) {
    return `Not a valid regular expression (RE2 syntax; lookahead and back-references are not supported): ${(e as Error).message}`;
  }
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Plain words match whole words, case-insensitively; "*" stands for any letters (vaccin* → vaccines). */
export function compileRule(rule: WatchedRule): RuleMatcher {
  if (rule.isRegex) {
    const re = RE2JS.compile(rule.pattern, FLAGS);
    return { test: (text) => re.matcher(text).find(), replace: (text, replacement) => re.matcher(text).replaceAll(() => replacement) };
  }
  // A word ends where no letter or digit follows. RE2 has no lookahead, so the character after the word
  // (or the end) is matched too, and only the word (group 1) counts.
  const body = rule.pattern.trim().split('*').map(escape).join('[\\p{L}\\p{N}]*');
  const re = RE2JS.compile(`(?<![\\p{L}\\p{N}])(${body})(?:[^\\p{L}\\p{N}]|$)`, FLAGS);
  const words = (text: string): [number, number][] => {
    const found: [number, number][] = [];
    const m = re.matcher(text);
    let from = 0;
    while (from <= text.length && m.find(from)) {
      found.push([m.start(1), m.end(1)]);
      from = Math.max(m.end(1), m.start(1) + 1);
    }
    return found;
  };
  return {
    test: (text) => re.matcher(text).find(),
    replace(text, replacement) {
      let out = '';
      let at = 0;
      for (const [start, end] of words(text)) {
        out += text.slice(at, start) + replacement;
        at = end;
      }
      return out + text.slice(at);
    },
  };
}

/** Runs every rule over every field: replacements apply, the first block wins, approvals accumulate. */
export function applyRules(rules: { rule: WatchedRule; re: RuleMatcher }[], fields: Record<string, string>): RuleOutcome {
  const out: Record<string, string> = { ...fields };
  const matches: RuleMatch[] = [];
  for (const { rule, re } of rules) {
    let hit = false;
    for (const [name, text] of Object.entries(out)) {
      if (!re.test(text)) continue;
      hit = true;
      if (rule.action === 'replace') out[name] = re.replace(text, rule.replacement ?? '■■■');
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
