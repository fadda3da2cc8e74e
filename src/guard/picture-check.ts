import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { ownMedia, pictureFindings, pictureForGuard, redactAll, updateMedia, type MediaRow } from '../media/index.ts';
import { attributeFindings } from '../phi/context/index.ts';
import { CATEGORY_LABELS, detectPhi, type Destination } from '../phi/index.ts';
import { assess } from './content-guard.ts';
import { guardContext } from './org-profile.ts';

/**
 * What the composer shows over a picture: each finding's box and kind, whether it is hidden, and what the
 * guard would decide if the picture were shared at this destination now (before consents are attached).
 */
export async function checkPicture(db: Db, actor: Actor, id: string, destination: Destination) {
  return presentCheck(db, actor, await ownMedia(db, actor, id), destination);
}

async function presentCheck(db: Db, actor: Actor, media: MediaRow, destination: Destination) {
  if (media.status !== 'ready' || !media.evidence) return { status: media.status, findings: [], decision: null };
  const picture = pictureForGuard('picture', media.evidence, media.redactions, media.alt_text);
  const { decision, profile } = await assess(db, { actor, recordKind: 'media', destination, fields: {}, pictures: [picture] });
  const findings = pictureFindings(media.evidence, media.redactions, scannerFor(profile, actor));
  return {
    status: media.status,
    findings: findings.map((f) => ({ ...f, labels: f.categories.map((c) => CATEGORY_LABELS[c]) })),
    decision: { verdict: decision.verdict, categories: decision.categories },
  };
}

const scannerFor = (profile: Awaited<ReturnType<typeof guardContext>>['profile'], actor: Actor) => {
  const author = { role: actor.role, name: actor.displayName };
  return (text: string) => attributeFindings(text, detectPhi(text), profile, author);
};

/** Reads a picture's text as the guard reads the author's words: in the organization's context. */
export async function pictureScanner(db: Db, actor: Actor) {
  return scannerFor((await guardContext(db, actor.orgId)).profile, actor);
}

/**
 * Hides everything found in one step (faces blurred, identifying text and codes covered), reading again
 * after each pass: hiding one word can leave another that now identifies someone. Boxes drawn by hand stay.
 */
export async function hideEverythingFound(ctx: AppContext, actor: Actor, id: string, destination: Destination) {
  const media = await ownMedia(ctx.db, actor, id);
  if (media.status !== 'ready' || !media.evidence) return presentCheck(ctx.db, actor, media, destination);
  const scan = await pictureScanner(ctx.db, actor);
  let redactions = media.redactions;
  for (let pass = 0; pass < 5; pass++) {
    const open = pictureFindings(media.evidence, redactions, scan).filter((f) => !f.hidden);
    if (!open.length) break;
    redactions = [...redactions, ...redactAll(open)];
  }
  const updated = await updateMedia(ctx, actor, id, { redactions });
  return presentCheck(ctx.db, actor, updated, destination);
}
