import type { TrainingLesson, TrainingQuestion } from '../db/schema.ts';

export interface ModuleDefinition {
  slug: string;
  title: string;
  summary: string;
  passMark: number;
  validDays: number;
  lessons: TrainingLesson[];
  questions: TrainingQuestion[];
}

/** The starter set every organization gets, written for Harborline's staff. Organizations may add their own. */
export const STARTER_MODULES: ModuleDefinition[] = [
  {
    slug: 'phi-on-social-media',
    title: 'Patient information on social media',
    summary: 'What counts as PHI, why "no names" is not enough, and what Harborline does when you post.',
    passMark: 80,
    validDays: 365,
    lessons: [
      {
        title: 'PHI is more than a name',
        body: 'HIPAA\'s Safe Harbor method lists 18 kinds of identifiers: names, any geographic unit smaller than a state, all elements of dates except the year (admission, discharge, birth, death), ages over 89, phone and fax numbers, email addresses, Social Security, medical record, health plan, account and licence numbers, vehicle and device identifiers, URLs, IP addresses, biometric identifiers, full-face photos and any other unique code. A post with none of these can still identify a patient when the audience knows the context: "the cyclist we treated after Saturday\'s crash on Main Street" names nobody and identifies someone.',
      },
      {
        title: 'What Harborline does with your text',
        body: "Every post, reply, message and review passes the PHI guard before anyone else sees it. The composer highlights what it finds as you type. On submit the organization's sharing rules decide: allow, warn (you confirm), block, or needs consent (you attach the patient's consent record). Every decision is recorded, and every version of what you publish is archived. Deleting a post hides it; it does not erase the record.",
      },
      {
        title: 'Replying to patients in public',
        body: 'Never confirm in public that someone is or was a patient, even when they said so first. "Thank you Sam, we are glad your knee surgery went well" discloses PHI. Reply generically ("Thank you for your kind words") and move the conversation to a private, secure channel.',
      },
    ],
    questions: [
      {
        prompt: 'Which of these is PHI under Safe Harbor when tied to health information?',
        options: ['The year of an admission', 'The exact date of an admission', 'The state a patient lives in', 'An age of 45'],
        answer: 1,
        explanation: 'All elements of dates except the year are identifiers.',
      },
      {
        prompt: 'A patient posts a public review thanking you by name for their surgery. What is an appropriate public reply?',
        options: [
          '"Thanks Sam, glad the knee surgery went well!"',
          '"Thank you for your kind words. We are glad to hear from you."',
          '"Your surgeon will be delighted, see you at your follow-up on the 12th."',
          'No reply is ever allowed',
        ],
        answer: 1,
        explanation: 'A generic reply acknowledges without confirming the person is a patient.',
      },
      {
        prompt: 'The composer warns that your text may identify someone. What happens if you confirm?',
        options: [
          'Nothing is recorded',
          'The post is published and your confirmation is recorded',
          'The warning is removed from the audit log',
          'The post is sent to the patient',
        ],
        answer: 1,
        explanation: 'Warnings you confirm are recorded with the decision.',
      },
      {
        prompt: 'You delete a post that contained PHI. What remains?',
        options: ['Nothing', 'The archived record, under its retention schedule', 'Only the title', 'Only the comments'],
        answer: 1,
        explanation: 'Deleting hides the post; the archive keeps every version until its retention period ends.',
      },
      {
        prompt: '"The cyclist from Saturday\'s crash on Main Street is recovering well." Is this safe to post?',
        options: [
          'Yes, no name is given',
          'No, the context identifies the patient',
          'Yes, if posted in a members-only community',
          'Yes, if the post is deleted within a day',
        ],
        answer: 1,
        explanation: 'Context can identify a person even without a listed identifier.',
      },
    ],
  },
  {
    slug: 'patient-consent',
    title: 'Consent for sharing patient stories',
    summary: 'When a patient story may be shared, what the consent must cover, and what revocation does.',
    passMark: 80,
    validDays: 365,
    lessons: [
      {
        title: 'Consent is specific',
        body: "A consent record in Harborline names the patient, the purpose, the kinds of identifiers that may be shared (for example the patient's name and photo), the destinations (public networks, a community) and an expiry. A story may use only what the consent covers, only where it covers, only until it expires.",
      },
      {
        title: 'Revocation takes effect at once',
        body: "When a patient revokes consent, every post that relied on it is hidden immediately and flagged for review. Do not re-post the story without a new consent. Consent records export as FHIR R4 Consent resources for the patient's chart.",
      },
    ],
    questions: [
      {
        prompt: "A consent covers the patient's first name on the hospital's public page. May you also post their photo there?",
        options: [
          'Yes',
          'Only if the photo is cropped',
          'No, the photo is a separate identifier the consent must list',
          'Yes, within 30 days',
        ],
        answer: 2,
        explanation: 'Consent is per identifier kind and destination.',
      },
      {
        prompt: 'What happens to posts when the patient revokes consent?',
        options: [
          'Nothing until the expiry date',
          'They are hidden at once and flagged for review',
          'They are deleted from the archive',
          'The patient must delete them',
        ],
        answer: 1,
        explanation: 'Revocation takes effect immediately.',
      },
      {
        prompt: 'A consent expired last week. The story is still scheduled. What should happen?',
        options: [
          'Publish it, consent was given',
          'Obtain a new consent or remove the identifiers',
          'Publish without the photo only',
          'Ask a colleague to publish it',
        ],
        answer: 1,
        explanation: 'Expired consent covers nothing.',
      },
      {
        prompt: "Who may record a consent on a patient's behalf?",
        options: [
          'Anyone who spoke to the patient',
          'Staff with the consent role, recording what the patient authorized',
          'Only the communications team',
          "Only the patient's family",
        ],
        answer: 1,
        explanation: 'Clinicians, staff and compliance officers record consents; each is audited.',
      },
    ],
  },
  {
    slug: 'health-misinformation',
    title: 'Responding to health misinformation',
    summary: 'How rumours spread, how Harborline routes them to review, and how to answer with authoritative sources.',
    passMark: 75,
    validDays: 365,
    lessons: [
      {
        title: 'Review, do not remove by reflex',
        body: "Harborline's classifier and watched-word rules send likely misinformation to the moderation queue; they never remove anything on their own. A moderator decides, with a reason the author sees, and the author may appeal once. Hiding a worried parent's question teaches them to ask elsewhere: answering it with a trusted source is usually better.",
      },
      {
        title: 'Answer with approved sources',
        body: 'The approved-sources library holds authoritative pages (WHO, CDC, your own clinical guidance). Linking one under a post shows readers the correction right where the claim is. Keep answers short, kind and specific.',
      },
    ],
    questions: [
      {
        prompt: 'The classifier gave a post a high misinformation score. What has already happened to it?',
        options: ['It was deleted', 'It was hidden', 'It is visible and waits in the moderation queue', 'The author was suspended'],
        answer: 2,
        explanation: 'The classifier only routes to human review.',
      },
      {
        prompt: 'A parent asks whether the MMR vaccine causes autism. Best response?',
        options: ['Delete the post', 'Silence the parent', 'Link an approved source and answer kindly', 'Ignore it'],
        answer: 2,
        explanation: 'A correction beside the question helps every reader.',
      },
      {
        prompt: 'How many appeals does a member get per moderation decision?',
        options: ['None', 'One, decided by a different moderator', 'Unlimited', 'Three'],
        answer: 1,
        explanation: 'One appeal, decided by someone other than the moderator who decided.',
      },
      {
        prompt: 'What do "require approval" watched words do?',
        options: ['Block the post', 'Hold the post until a moderator approves it', 'Replace the words', 'Nothing'],
        answer: 1,
        explanation: 'Held posts are visible only to the author and moderators until approved.',
      },
    ],
  },
  {
    slug: 'account-security',
    title: 'Keeping your accounts safe',
    summary: 'Passwords, two-factor sign-in, phishing, and what to do when an account may be compromised.',
    passMark: 80,
    validDays: 365,
    lessons: [
      {
        title: 'Two factors, always',
        body: "A hijacked organizational account can publish to thousands of people in your organization's name. Use a long unique password and a second factor: an authenticator app or, better, a passkey. Keep your recovery codes offline.",
      },
      {
        title: 'Notice and report',
        body: 'Harborline alerts you to sign-ins from a new device or network, lockouts and security changes. If an alert was not you, sign out all devices, change your password and tell your administrator. Never share accounts: every action is audited under the person who signed in.',
      },
    ],
    questions: [
      {
        prompt: 'Which second factor resists phishing best?',
        options: ['SMS codes', 'A passkey', 'Security questions', 'An emailed link'],
        answer: 1,
        explanation: 'Passkeys are bound to the site and cannot be typed into a fake one.',
      },
      {
        prompt: 'You get a "new device sign-in" alert you do not recognise. First step?',
        options: ['Ignore it', 'Sign out all devices and change your password', 'Reply to the alert email', 'Wait for a second alert'],
        answer: 1,
        explanation: 'End every session, then change the password and report it.',
      },
      {
        prompt: 'A colleague asks to use your account to post while you are away. You should…',
        options: [
          'Share the password',
          'Share a recovery code',
          'Refuse: each person uses their own account',
          'Write the password down for them',
        ],
        answer: 2,
        explanation: 'Shared accounts break the audit trail.',
      },
      {
        prompt: 'Where should recovery codes be kept?',
        options: ['In a post', 'Offline, somewhere safe', 'In an email to yourself', 'On a sticky note on the monitor'],
        answer: 1,
        explanation: 'They bypass the second factor, so keep them offline.',
      },
    ],
  },
];

export const STARTER_POLICY = {
  slug: 'social-media-policy',
  title: 'Social media policy',
  body: `# Social media policy

1. **Patient information.** Never post information that could identify a patient — name, photo, dates, place, condition or circumstances — without a written consent recorded in Harborline that covers what, where and until when.
2. **Public replies.** Do not confirm in public that someone is or was a patient. Reply generically and move the conversation to a secure channel.
3. **Speaking for the organization.** Only staff with current training and this policy acknowledged publish to public channels. Posts to public networks need approval as set in the sharing rules.
4. **Accuracy.** Share health information from approved sources. Correct errors openly.
5. **Security.** Use two-factor sign-in. Never share accounts. Report suspicious activity at once.
6. **Records.** Everything posted is a record: it is archived, may be produced in legal proceedings and is kept for its retention period.
7. **Personal accounts.** The same rules on patient information apply to personal accounts.
`,
};
