/**
 * Personal health goals: what can be tracked, in which units, and which values are plausible for a person
 * (a typo such as 700 kg or a blood pressure of 12/80 is refused with the range, not charted). Pure.
 */
export const GOAL_KINDS = ['steps', 'weight', 'a1c', 'blood_pressure', 'sleep', 'habit'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

interface Range {
  min: number;
  max: number;
}
interface KindSpec {
  label: string;
  /** Units it may be kept in, with the plausible range of one value in each. */
  units: Record<string, Range>;
  /** The second number of a reading (blood pressure's diastolic), with its range. */
  second?: { label: string; range: Range };
  /** Which way is progress when a target is set. */
  better: 'up' | 'down';
  decimals: number;
}

export const KINDS: Record<GoalKind, KindSpec> = {
  steps: { label: 'Daily steps', units: { steps: { min: 0, max: 100_000 } }, better: 'up', decimals: 0 },
  weight: { label: 'Weight', units: { kg: { min: 20, max: 400 }, lb: { min: 44, max: 880 } }, better: 'down', decimals: 1 },
  a1c: { label: 'A1c', units: { '%': { min: 3, max: 20 } }, better: 'down', decimals: 1 },
  blood_pressure: {
    label: 'Blood pressure',
    units: { mmHg: { min: 60, max: 260 } },
    second: { label: 'diastolic', range: { min: 30, max: 160 } },
    better: 'down',
    decimals: 0,
  },
  sleep: { label: 'Sleep', units: { hours: { min: 0, max: 24 } }, better: 'up', decimals: 1 },
  habit: { label: 'Habit', units: { 'days done': { min: 0, max: 1 } }, better: 'up', decimals: 0 },
};

export class GoalValueError extends Error {}

/** The unit a goal is kept in: the one given (if the kind has it) or the kind's first. */
export function unitFor(kind: GoalKind, unit: string | null | undefined): string {
  const units = Object.keys(KINDS[kind].units);
  if (!unit) return units[0];
  if (!units.includes(unit)) throw new GoalValueError(`${KINDS[kind].label} is kept in ${units.join(' or ')}, not "${unit}".`);
  return unit;
}

const fmt = (n: number) => String(n);

/** Checks one value (and a second for blood pressure) in the goal's unit; throws a message with the range. */
export function checkReading(kind: GoalKind, unit: string, value: number, second?: number | null): void {
  const spec = KINDS[kind];
  const range = spec.units[unit];
  if (!Number.isFinite(value)) throw new GoalValueError('The value must be a number.');
  if (kind === 'habit' && value !== 0 && value !== 1) throw new GoalValueError('A habit is logged as done (1) or not done (0).');
  if (kind === 'steps' && !Number.isInteger(value)) throw new GoalValueError('Steps are whole numbers.');
  if (value < range.min || value > range.max)
    throw new GoalValueError(
      `${spec.label} must be between ${fmt(range.min)} and ${fmt(range.max)} ${unit}; ${fmt(value)} is not plausible.`,
    );
  if (spec.second) {
    if (second === undefined || second === null) throw new GoalValueError(`${spec.label} needs both numbers (for example 128/82).`);
    const r = spec.second.range;
    if (!Number.isFinite(second) || second < r.min || second > r.max)
      throw new GoalValueError(`The ${spec.second.label} must be between ${r.min} and ${r.max} ${unit}; ${fmt(second)} is not plausible.`);
    if (second >= value) throw new GoalValueError('The first number (systolic) is higher than the second (diastolic).');
  } else if (second !== undefined && second !== null) throw new GoalValueError(`${spec.label} takes one number.`);
}

/** Which way a goal counts as progress: toward the target from where it started (or the kind's usual way). */
export function direction(kind: GoalKind, start: number | null, target: number | null): 'up' | 'down' {
  if (start !== null && target !== null && start !== target) return target > start ? 'up' : 'down';
  return KINDS[kind].better;
}

/** Whether a reading meets the target. */
export function meets(kind: GoalKind, dir: 'up' | 'down', target: number | null, value: number): boolean {
  if (target === null) return false;
  return dir === 'up' ? value >= target : value <= target;
}
