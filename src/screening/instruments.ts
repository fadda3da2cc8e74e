/**
 * Self-screening instruments, scored exactly as their authors define them. PHQ-9 and GAD-7 (Spitzer,
 * Williams, Kroenke; no permission needed to reproduce, translate, display or distribute), AUDIT-C (Bush et
 * al. 1998, public domain, from the WHO AUDIT) and the American Diabetes Association's type 2 diabetes risk
 * test (free to use). An organization adds its own in the same shape. Pure: no I/O.
 */

export interface Option {
  value: number;
  label: string;
}
export interface Question {
  id: string;
  text: string;
  options: Option[];
  /** Asked only when an earlier answer is this (the ADA test asks about gestational diabetes only of women). */
  askIf?: { question: string; value: number };
  /** Not part of the score (PHQ-9's "how difficult", a sex used to choose a cut-off). */
  unscored?: boolean;
}
/** A range of scores, what it means and what to do next, in plain language. */
export interface Band {
  min: number;
  label: string;
  nextSteps: string;
}
export interface Instrument {
  id: string;
  title: string;
  /** What it screens for, to the patient. */
  about: string;
  /** The time the questions ask about. */
  period: string | null;
  source: string;
  questions: Question[];
  bands: Band[];
  /** Answers that call for crisis resources at once, whatever the score. */
  crisis?: { question: string; atLeast: number }[];
  /** A score depending on more than the sum (AUDIT-C's cut-off by sex). */
  interpret?: (score: number, answers: Answers) => Band;
}
export type Answers = Record<string, number>;

const FREQUENCY: Option[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];
const frequency = (id: string, text: string): Question => ({ id, text, options: FREQUENCY });
const YES_NO: Option[] = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];

const TALK = 'Talk with your doctor or care team about these results; they can help you decide what would help.';

export const PHQ9: Instrument = {
  id: 'phq9',
  title: 'Depression (PHQ-9)',
  about: 'Nine questions about your mood and how you have been feeling.',
  period: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  source: 'Patient Health Questionnaire (PHQ-9), Kroenke, Spitzer and Williams; free to use.',
  questions: [
    frequency('q1', 'Little interest or pleasure in doing things'),
    frequency('q2', 'Feeling down, depressed, or hopeless'),
    frequency('q3', 'Trouble falling or staying asleep, or sleeping too much'),
    frequency('q4', 'Feeling tired or having little energy'),
    frequency('q5', 'Poor appetite or overeating'),
    frequency('q6', 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down'),
    frequency('q7', 'Trouble concentrating on things, such as reading the newspaper or watching television'),
    frequency(
      'q8',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    ),
    frequency('q9', 'Thoughts that you would be better off dead or of hurting yourself in some way'),
    {
      id: 'difficulty',
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      options: [
        { value: 0, label: 'Not difficult at all' },
        { value: 1, label: 'Somewhat difficult' },
        { value: 2, label: 'Very difficult' },
        { value: 3, label: 'Extremely difficult' },
      ],
      unscored: true,
    },
  ],
  bands: [
    { min: 0, label: 'Minimal depression', nextSteps: 'Your answers suggest few symptoms. Check in with yourself again if things change.' },
    { min: 5, label: 'Mild depression', nextSteps: `Your answers suggest mild symptoms. Repeat this check in a few weeks. ${TALK}` },
    {
      min: 10,
      label: 'Moderate depression',
      nextSteps: `Your answers suggest moderate symptoms. ${TALK} Treatment works, and a plan can start now.`,
    },
    {
      min: 15,
      label: 'Moderately severe depression',
      nextSteps: 'Your answers suggest moderately severe symptoms. Please make an appointment with your doctor soon: treatment helps.',
    },
    {
      min: 20,
      label: 'Severe depression',
      nextSteps: 'Your answers suggest severe symptoms. Please contact your doctor or care team now for help; you do not have to wait.',
    },
  ],
  crisis: [{ question: 'q9', atLeast: 1 }],
};

export const GAD7: Instrument = {
  id: 'gad7',
  title: 'Anxiety (GAD-7)',
  about: 'Seven questions about worry and feeling nervous.',
  period: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  source: 'Generalized Anxiety Disorder 7-item scale (GAD-7), Spitzer, Kroenke, Williams and Löwe; free to use.',
  questions: [
    frequency('q1', 'Feeling nervous, anxious, or on edge'),
    frequency('q2', 'Not being able to stop or control worrying'),
    frequency('q3', 'Worrying too much about different things'),
    frequency('q4', 'Trouble relaxing'),
    frequency('q5', "Being so restless that it's hard to sit still"),
    frequency('q6', 'Becoming easily annoyed or irritable'),
    frequency('q7', 'Feeling afraid as if something awful might happen'),
  ],
  bands: [
    { min: 0, label: 'Minimal anxiety', nextSteps: 'Your answers suggest few symptoms of anxiety.' },
    { min: 5, label: 'Mild anxiety', nextSteps: `Your answers suggest mild anxiety. Repeat this check in a few weeks. ${TALK}` },
    { min: 10, label: 'Moderate anxiety', nextSteps: `Your answers suggest moderate anxiety. ${TALK}` },
    { min: 15, label: 'Severe anxiety', nextSteps: 'Your answers suggest severe anxiety. Please contact your doctor or care team soon.' },
  ],
};

const AUDIT_POSITIVE = 'Your drinking may be harming your health. Cutting down helps; your doctor or care team can help you make a plan.';
export const AUDITC: Instrument = {
  id: 'auditc',
  title: 'Alcohol use (AUDIT-C)',
  about: 'Three questions about how much and how often you drink.',
  period: 'Think about the past year.',
  source: 'AUDIT-C, Bush et al. 1998, from the WHO Alcohol Use Disorders Identification Test; public domain.',
  questions: [
    {
      id: 'q1',
      text: 'How often do you have a drink containing alcohol?',
      options: [
        { value: 0, label: 'Never' },
        { value: 1, label: 'Monthly or less' },
        { value: 2, label: '2 to 4 times a month' },
        { value: 3, label: '2 to 3 times a week' },
        { value: 4, label: '4 or more times a week' },
      ],
    },
    {
      id: 'q2',
      text: 'How many standard drinks containing alcohol do you have on a typical day?',
      options: [
        { value: 0, label: '1 or 2' },
        { value: 1, label: '3 or 4' },
        { value: 2, label: '5 or 6' },
        { value: 3, label: '7 to 9' },
        { value: 4, label: '10 or more' },
      ],
    },
    {
      id: 'q3',
      text: 'How often do you have six or more drinks on one occasion?',
      options: [
        { value: 0, label: 'Never' },
        { value: 1, label: 'Less than monthly' },
        { value: 2, label: 'Monthly' },
        { value: 3, label: 'Weekly' },
        { value: 4, label: 'Daily or almost daily' },
      ],
    },
    {
      id: 'sex',
      text: 'Your sex (the cut-off for this test differs)',
      options: [
        { value: 0, label: 'Female' },
        { value: 1, label: 'Male' },
        { value: 2, label: 'Prefer not to say' },
      ],
      unscored: true,
    },
  ],
  bands: [
    { min: 0, label: 'Lower-risk drinking', nextSteps: 'Your answers suggest lower-risk drinking.' },
    { min: 3, label: 'Possible hazardous drinking', nextSteps: AUDIT_POSITIVE },
  ],
  // Positive at 4 or more for men, 3 or more for women (and, to be safe, when the sex is not given).
  interpret: (score, answers) => (score >= (answers.sex === 1 ? 4 : 3) ? AUDITC.bands[1] : AUDITC.bands[0]),
};

export const ADA_RISK: Instrument = {
  id: 'ada_risk',
  title: 'Type 2 diabetes risk (ADA risk test)',
  about: 'Seven questions about things that raise the risk of type 2 diabetes.',
  period: null,
  source: 'American Diabetes Association Type 2 Diabetes Risk Test (Bang et al. 2009); free to use.',
  questions: [
    {
      id: 'age',
      text: 'How old are you?',
      options: [
        { value: 0, label: 'Younger than 40' },
        { value: 1, label: '40 to 49' },
        { value: 2, label: '50 to 59' },
        { value: 3, label: '60 or older' },
      ],
    },
    {
      id: 'sex',
      text: 'Are you a man or a woman?',
      options: [
        { value: 0, label: 'Woman' },
        { value: 1, label: 'Man' },
      ],
    },
    {
      id: 'gestational',
      text: 'Have you ever been diagnosed with gestational diabetes?',
      options: YES_NO,
      askIf: { question: 'sex', value: 0 },
    },
    { id: 'family', text: 'Do you have a mother, father, sister or brother with diabetes?', options: YES_NO },
    { id: 'blood_pressure', text: 'Have you ever been diagnosed with high blood pressure?', options: YES_NO },
    {
      id: 'active',
      text: 'Are you physically active?',
      options: [
        { value: 1, label: 'No' },
        { value: 0, label: 'Yes' },
      ],
    },
    {
      id: 'weight',
      text: 'Which describes your weight for your height? (Body mass index: weight in kg divided by height in metres squared.)',
      options: [
        { value: 0, label: 'BMI under 25' },
        { value: 1, label: 'BMI 25 to 29.9' },
        { value: 2, label: 'BMI 30 to 39.9' },
        { value: 3, label: 'BMI 40 or more' },
      ],
    },
  ],
  bands: [
    {
      min: 0,
      label: 'Lower risk',
      nextSteps: 'Your risk of type 2 diabetes looks lower now. Staying active and at a healthy weight keeps it that way.',
    },
    {
      min: 5,
      label: 'Increased risk of type 2 diabetes',
      nextSteps: 'You may be at increased risk of type 2 diabetes. Ask your doctor about a blood test (A1c or fasting glucose).',
    },
  ],
};

export const BUILT_IN: readonly Instrument[] = [PHQ9, GAD7, AUDITC, ADA_RISK];

/** Where to turn at once (US; the organization's own resources are added to these). */
export const CRISIS_RESOURCES = [
  { name: '988 Suicide & Crisis Lifeline', how: 'Call or text 988 (24/7, free, confidential)', href: 'tel:988' },
  { name: 'Crisis Text Line', how: 'Text HOME to 741741', href: 'sms:741741?body=HOME' },
  { name: 'Emergency services', how: 'Call 911 or go to the nearest emergency department if you are in danger now', href: 'tel:911' },
];

export interface Scored {
  score: number;
  band: Band;
  crisis: boolean;
  /** The answers kept: those asked (a question not asked is left out). */
  answers: Answers;
}

/** The questions asked given these answers (a conditional question is left out when its condition fails). */
export const askedQuestions = (instrument: Instrument, answers: Answers) =>
  instrument.questions.filter((q) => !q.askIf || answers[q.askIf.question] === q.askIf.value);

/**
 * Checks and scores a set of answers: every question asked must be answered with one of its options, and
 * nothing else may be given. Throws a message naming the first problem.
 */
export function score(instrument: Instrument, given: Answers): Scored {
  const known = new Set(instrument.questions.map((q) => q.id));
  const unknown = Object.keys(given).find((k) => !known.has(k));
  if (unknown) throw new AnswerError(`"${unknown}" is not a question of ${instrument.title}.`);
  const asked = askedQuestions(instrument, given);
  const answers: Answers = {};
  for (const q of asked) {
    const v = given[q.id];
    if (v === undefined) throw new AnswerError(`Question "${q.text}" is not answered.`);
    if (!q.options.some((o) => o.value === v))
      throw new AnswerError(`${v} is not an answer to "${q.text}" (choose one of ${q.options.map((o) => o.value).join(', ')}).`);
    answers[q.id] = v;
  }
  const notAsked = Object.keys(given).find((k) => !asked.some((q) => q.id === k));
  if (notAsked) throw new AnswerError(`"${notAsked}" is not asked with these answers.`);
  const total = asked.filter((q) => !q.unscored).reduce((sum, q) => sum + answers[q.id], 0);
  const band = instrument.interpret?.(total, answers) ?? [...instrument.bands].reverse().find((b) => total >= b.min) ?? instrument.bands[0];
  const crisis = (instrument.crisis ?? []).some((c) => (answers[c.question] ?? 0) >= c.atLeast);
  return { score: total, band, crisis, answers };
}

export class AnswerError extends Error {}

/** The highest score an instrument can give (its scale, shown beside the result). */
export const maxScore = (instrument: Instrument) =>
  instrument.questions.filter((q) => !q.unscored).reduce((sum, q) => sum + Math.max(...q.options.map((o) => o.value)), 0);
