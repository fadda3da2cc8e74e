import type { Actor } from '../access/policy.ts';
import type { ArchiveCapture, Distribution } from '../archive/archive-writer.ts';
import type { Db, Tx } from '../db/database.ts';
import { screenContent, storeScreenFlags, type PendingFlag } from '../moderation/screen.ts';
import { detectPhi, redact, type Destination } from '../phi/index.ts';
import { enforceSharingRules } from '../policies/enforce.ts';
import { recordEffectsBatch } from '../records/record-write.ts';
import { cleanText } from '../shared/text.ts';
import { AppError, badRequest } from '../shared/errors.ts';
import { attachable, attachMedia, pictureFindings, pictureForGuard, type MediaRow } from '../media/index.ts';
import { pictureScanner } from './picture-check.ts';
import { guardContent, recordPassedDecisions, type GuardPass } from './content-guard.ts';

/**
 * The one write pipeline for user-written text. `prepareWrite` runs before the transaction (the checks
 * may refuse, and refusals are recorded); `commitWrites` runs inside it and writes everything that must
 * accompany the record: the guard decision, the consents it relies on, moderation flags, the archive
 * entry, where it went, and the audit event. No feature stores user text or its archive and audit
 * entries any other way.
 *
 * TEXT_FIELDS is the table of every user-written text field, per record kind, and what applies to it:
 * - phi: the PHI screen and the organization's sharing policy (always on);
 * - consents: the author may attach consents (each covers its own subject);
 * - screen: watched words, sanctions and the misinformation score (flag for review, never block; for
 *   publisher posts the score goes to the approvers, a network reply needing approval is refused);
 * - sharing: the sharing rules (who may post where; what needs approval);
 * - pictures: pictures may be attached (their text, description, faces and codes are screened with the fields);
 * and, per request, surrogates: identifiers replaced with consistent surrogates before storing (case consults).
 */
export const TEXT_FIELDS = {
  community: { fields: ['name', 'description'], consents: false, screen: false, sharing: false },
  community_rules: { fields: ['rules'], consents: false, screen: false, sharing: false },
  post: { fields: ['title', 'body', 'contentWarning'], consents: true, screen: true, sharing: true, pictures: true },
  comment: { fields: ['body'], consents: true, screen: true, sharing: true, pictures: true },
  thread: { fields: ['subject'], consents: false, screen: false, sharing: false },
  message: { fields: ['body'], consents: false, screen: false, sharing: false, pictures: true },
  provider_profile: { fields: ['specialty', 'bio'], consents: false, screen: false, sharing: false, pictures: true },
  review: { fields: ['body'], consents: false, screen: false, sharing: false },
  review_reply: { fields: ['body'], consents: false, screen: false, sharing: false },
  network_post: { fields: ['body', 'thread'], consents: true, screen: true, sharing: false, pictures: true },
  inbox_response: { fields: ['body'], consents: false, screen: true, sharing: false },
  response_template: { fields: ['name', 'body'], consents: false, screen: false, sharing: false },
  library_item: { fields: ['title', 'body'], consents: false, screen: false, sharing: false },
  consent: { fields: ['purpose'], consents: false, screen: false, sharing: false },
  event: { fields: ['title', 'description', 'place'], consents: false, screen: true, sharing: false },
  campaign: { fields: ['title', 'story'], consents: false, screen: true, sharing: false },
  campaign_update: { fields: ['body'], consents: false, screen: true, sharing: false },
} as const satisfies Record<
  string,
  { fields: readonly string[]; consents: boolean; screen: boolean; sharing: boolean; pictures?: boolean }
>;

export type TextKind = keyof typeof TEXT_FIELDS;
type FieldOf<K extends TextKind> = (typeof TEXT_FIELDS)[K]['fields'][number];

export interface WriteRequest<K extends TextKind> {
  actor: Actor;
  kind: K;
  destination: Destination;
  fields: Partial<Record<FieldOf<K>, string>>;
  consentIds?: readonly string[] | null;
  /** The author saw the PHI warning and confirmed. */
  confirmed?: boolean;
  /** Where watched-word rules are scoped (a community), for kinds that are screened. */
  communityId?: string | null;
  /** Replace identifiers with consistent surrogates, seeded by this id (a case consult). */
  surrogateSeed?: string;
  /** Pictures the author uploaded, to attach (kinds with `pictures` only). */
  mediaIds?: readonly string[] | null;
  /** The pictures show the author (a profile photo): one face in each is theirs to share. */
  portrait?: boolean;
  /** The record being edited, whose own pictures stay attachable (and are let go when left out): a draft. */
  record?: { kind: string; id: string };
}

export interface PreparedWrite<K extends TextKind = TextKind> {
  actor: Actor;
  kind: K;
  destination: Destination;
  /** The text as it will be stored: cleaned, surrogates in place, watched-word replacements applied. */
  fields: Record<FieldOf<K>, string>;
  pass: GuardPass;
  flags: PendingFlag[];
  /** Held for a moderator's approval (a watched word or a sharing rule asks for it). */
  hold: boolean;
  /** The misinformation classifier's score, for kinds that are screened (0 otherwise). */
  misinformation: number;
  /** Watched words that matched. */
  ruleMatches: string[];
  redactions: { field: string; category: string; start: number; end: number }[];
  /** The pictures attached, as checked. */
  media: MediaRow[];
  /** An edit that sets the record's pictures anew (those left out are let go). */
  replacesPictures: boolean;
}

/** Every check that applies to the fields of this kind; throws the first refusal (recorded when it is the guard's). */
export async function prepareWrite<K extends TextKind>(db: Db, req: WriteRequest<K>): Promise<PreparedWrite<K>> {
  const spec = TEXT_FIELDS[req.kind];
  const fields = {} as Record<string, string>;
  for (const name of spec.fields) fields[name] = cleanText((req.fields as Record<string, string | undefined>)[name] ?? '');
  for (const name of Object.keys(req.fields))
    if (!(spec.fields as readonly string[]).includes(name)) throw new Error(`${req.kind}.${name} is not in TEXT_FIELDS`);
  const redactions: PreparedWrite['redactions'] = [];
  if (req.surrogateSeed) {
    for (const [name, text] of Object.entries(fields)) {
      const r = redact(text, detectPhi(text), 'surrogate', req.surrogateSeed);
      fields[name] = r.text;
      redactions.push(...r.replacements.map(({ category, start, end }) => ({ field: name, category, start, end })));
    }
  }
  const media = req.mediaIds?.length ? await picturesFor(db, req) : [];
  const pass = await guardContent(db, {
    actor: req.actor,
    recordKind: req.kind,
    destination: req.destination,
    fields,
    consentIds: spec.consents ? (req.consentIds ?? []) : [],
    confirmed: req.confirmed,
    pictures: media.map((m, i) => pictureForGuard(`picture ${i + 1}`, m.evidence!, m.redactions, m.alt_text, req.portrait)),
  });
  const flags: PendingFlag[] = [];
  let hold = false;
  let misinformation = 0;
  const ruleMatches: string[] = [];
  if (spec.sharing) {
    const approval = await enforceSharingRules(db, req.actor, req.destination);
    if (approval) {
      flags.push({ source: 'rule', reason: approval, weight: 0, score: null });
      hold = true;
    }
  }
  if (spec.screen) {
    const screen = await screenContent(db, req.actor, req.communityId ?? null, fields);
    Object.assign(fields, screen.fields);
    flags.push(...screen.flags);
    hold ||= screen.hold;
    misinformation = screen.misinformation;
    ruleMatches.push(...screen.matches.map((m) => m.pattern));
  }
  return {
    actor: req.actor,
    kind: req.kind,
    destination: req.destination,
    fields: fields,
    pass,
    flags,
    hold,
    misinformation,
    ruleMatches,
    redactions,
    media,
    replacesPictures: !!req.record,
  };
}

/** The pictures a write attaches: the author's own, checked, and described where the public will see them. */
async function picturesFor<K extends TextKind>(db: Db, req: WriteRequest<K>): Promise<MediaRow[]> {
  if (!('pictures' in TEXT_FIELDS[req.kind])) throw badRequest(`Pictures cannot be attached to a ${req.kind.replace('_', ' ')}.`);
  const media = await attachable(db, req.actor, req.mediaIds ?? [], req.record);
  if (req.destination === 'public' && media.some((m) => !m.alt_text.trim()))
    throw badRequest('Describe every picture (alt text) before sharing it publicly: people using screen readers rely on it.');
  // Case consults share de-identified pictures only (as Figure 1 does): every face, identifying text and code hidden.
  if (req.surrogateSeed) {
    const scan = await pictureScanner(db, req.actor);
    const open = media.filter((m) => pictureFindings(m.evidence!, m.redactions, scan).some((f) => !f.hidden));
    if (open.length)
      throw new AppError(
        'phi_blocked',
        'Pictures in a case consult are shared de-identified: hide every face, identifying text and code first.',
        {
          pictures: open.map((m) => m.id),
        },
      );
  }
  return media;
}

export interface WriteEffects {
  recordId: string;
  /** Audit action, e.g. post.create. */
  action: string;
  archive: Omit<ArchiveCapture, 'orgId' | 'recordKind' | 'recordId'>;
  distribution?: Omit<Distribution, 'orgId' | 'recordKind' | 'recordId'>;
  auditDetail?: Record<string, unknown>;
}

/** What committing needs of a prepared write (the stored text is the feature's own row and archive content). */
type Committable = Omit<PreparedWrite, 'fields'>;

/** The consents a request attached: `consentIds`, and the older single `consentId`. */
export const attachedConsents = (input: { consentId?: string | null; consentIds?: readonly string[] | null }): string[] => [
  ...new Set([...(input.consentIds ?? []), ...(input.consentId ? [input.consentId] : [])]),
];

const CONSENT_KINDS: Partial<Record<TextKind, 'post' | 'comment' | 'network_post'>> = {
  post: 'post',
  comment: 'comment',
  network_post: 'network_post',
};

/** Inside the write's transaction: decisions, consents relied on, flags, archive, distribution and audit. */
export async function commitWrites(tx: Tx, writes: { prepared: Committable; effects: WriteEffects }[]): Promise<void> {
  if (!writes.length) return;
  await recordPassedDecisions(
    tx,
    writes.map(({ prepared: p, effects: e }) => ({
      actor: p.actor,
      recordKind: p.kind,
      recordId: e.recordId,
      destination: p.destination,
      pass: p.pass,
    })),
  );
  const consentRows = writes.flatMap(({ prepared: p, effects: e }) => {
    const kind = CONSENT_KINDS[p.kind];
    return kind
      ? p.pass.consentIds.map((consent_id) => ({ org_id: p.actor.orgId, record_kind: kind, record_id: e.recordId, consent_id }))
      : [];
  });
  if (consentRows.length)
    await tx
      .insertInto('record_consents')
      .values(consentRows)
      .onConflict((oc) => oc.doNothing())
      .execute();
  // Moderators act on community content; publisher posts carry their score to the approvers instead.
  for (const { prepared: p, effects: e } of writes)
    if (p.kind === 'post' || p.kind === 'comment') await storeScreenFlags(tx, p.actor.orgId, p.kind, e.recordId, p.flags);
  for (const { prepared: p, effects: e } of writes)
    if (p.media.length || p.replacesPictures) await attachMedia(tx, p.media, p.kind, e.recordId, { detachOthers: p.replacesPictures });
  await recordEffectsBatch(
    tx,
    writes.map(({ prepared: p, effects: e }) => ({
      actor: p.actor,
      action: e.action,
      archive: {
        ...e.archive,
        recordKind: p.kind,
        recordId: e.recordId,
        // The record names the exact copy of each picture that was shared (its hash is in the picture's own entries).
        content: p.media.length
          ? { ...e.archive.content, pictures: p.media.map((m) => ({ id: m.id, sha256: m.files.shared?.sha256, altText: m.alt_text })) }
          : e.archive.content,
      },
      distribution: e.distribution,
      auditDetail: {
        guard: p.pass.verdict,
        categories: p.pass.categories,
        ...(p.pass.consentIds.length ? { consents: p.pass.consentIds } : {}),
        ...e.auditDetail,
      },
    })),
  );
}

export const commitWrite = (tx: Tx, prepared: Committable, effects: WriteEffects) => commitWrites(tx, [{ prepared, effects }]);
