import { mayPostTo, sharingRulesOf } from '../policies/sharing-rules.ts';
import { sql } from 'kysely';
import { isUuid } from '../shared/ids.ts';
import { isStaff, type Actor } from '../access/policy.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Role, ThreadKind } from '../db/schema.ts';
import { randomUUID } from 'node:crypto';
import { commitWrite, prepareWrite, type PreparedWrite } from '../guard/index.ts';
import { notify } from '../notify/notifications.ts';
import type { Destination } from '../phi/index.ts';
import { badRequest, forbidden, notFound } from '../shared/errors.ts';
import { membersAmong } from '../repositories/index.ts';

const DESTINATION: Record<ThreadKind, Destination> = { direct: 'direct', care_team: 'care_team', consult: 'care_team' };

/** Who may open which kind of conversation with whom. */
function assertMayOpen(actor: Actor, kind: ThreadKind, others: { role: Role }[]) {
  if (kind === 'consult') {
    if (actor.role !== 'clinician' || others.some((o) => o.role !== 'clinician')) throw forbidden('Case consults are between clinicians.');
  } else if (kind === 'care_team') {
    const patients = [actor, ...others].filter((p) => p.role === 'patient');
    if (patients.length !== 1) throw badRequest('A care-team conversation has exactly one patient.');
  } else if (!isStaff(actor.role)) {
    throw forbidden('Patients message their care team (care-team conversations), not other members directly.');
  }
}

export interface MessageInput {
  body: string;
  confirmPhi: boolean;
  /** Pictures the author uploaded and checked (in consults: with every finding hidden). */
  mediaIds?: string[];
}

export async function createThread(
  db: Db,
  actor: Actor,
  input: MessageInput & { kind: ThreadKind; participantIds: string[]; subject: string },
) {
  const ids = [...new Set(input.participantIds.filter((id) => id !== actor.userId))];
  if (ids.length === 0) throw badRequest('Choose at least one other person.');
  if (ids.some((id) => !isUuid(id))) throw notFound('Member');
  const others = await membersAmong(db, actor.orgId, ids);
  if (others.length !== ids.length) throw notFound('Member');
  assertMayOpen(actor, input.kind, others);
  const thread = { id: randomUUID(), kind: input.kind };
  // The subject is shown to every participant: it passes the same checks as a message (surrogates in
  // consults). Both are checked before anything is stored, and stored in one transaction.
  const subjectWrite = await prepareWrite(db, {
    actor,
    kind: 'thread',
    destination: DESTINATION[input.kind],
    fields: { subject: input.subject.trim() },
    confirmed: input.confirmPhi,
    surrogateSeed: input.kind === 'consult' ? thread.id : undefined,
  });
  const messageWrite = await prepareMessage(db, actor, thread, input);
  const subject = subjectWrite.fields.subject;
  const participants = [actor.userId, ...ids];
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('message_threads')
      .values({ id: thread.id, org_id: actor.orgId, kind: input.kind, subject, created_by: actor.userId })
      .execute();
    await tx
      .insertInto('thread_participants')
      .values(participants.map((user_id) => ({ thread_id: thread.id, user_id, org_id: actor.orgId })))
      .execute();
    await commitWrite(tx, subjectWrite, {
      recordId: thread.id,
      action: 'thread.create',
      archive: {
        recordClass: 'message',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `thread:${thread.id}`,
        content: { kind: input.kind, subject, participants, redactions: subjectWrite.redactions },
      },
      distribution: { destinationKind: 'recipients', destinationId: thread.id, audience: { userIds: participants } },
    });
    const message = await storeMessage(tx, actor, thread, messageWrite);
    return { id: thread.id, message };
  });
}

async function loadThread(db: Db, actor: Actor, threadId: string) {
  if (!isUuid(threadId)) throw notFound('Conversation');
  const thread = await db
    .selectFrom('message_threads as t')
    .innerJoin('thread_participants as p', (j) => j.onRef('p.thread_id', '=', 't.id').on('p.user_id', '=', actor.userId))
    .select(['t.id', 't.kind', 't.subject', 't.created_at'])
    .where('t.id', '=', threadId)
    .where('t.org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!thread) throw notFound('Conversation');
  return thread;
}

/**
 * Every message passes the write pipeline. In case consults it goes further: identifiers are replaced
 * with consistent surrogates before anything is stored, and the reply says what changed.
 */
export async function postMessage(db: Db, actor: Actor, threadId: string, input: MessageInput) {
  const thread = await loadThread(db, actor, threadId);
  const prepared = await prepareMessage(db, actor, thread, input);
  return db.transaction().execute((tx) => storeMessage(tx, actor, thread, prepared));
}

async function prepareMessage(db: Db, actor: Actor, thread: { id: string; kind: ThreadKind }, input: MessageInput) {
  const destination = DESTINATION[thread.kind];
  const rules = sharingRulesOf(actor.orgSettings);
  if (!mayPostTo(rules, actor.role, destination))
    throw forbidden(`Your organization's sharing rules do not let the ${actor.role} role send ${destination.replace('_', ' ')} messages.`);
  return prepareWrite(db, {
    actor,
    kind: 'message',
    destination,
    fields: { body: input.body },
    confirmed: input.confirmPhi,
    surrogateSeed: thread.kind === 'consult' ? thread.id : undefined,
    mediaIds: input.mediaIds,
  });
}

/** Whether the actor takes part in the conversation a message belongs to (for its pictures): not found otherwise. */
export async function assertMessageReadable(db: Db, actor: Actor, messageId: string): Promise<void> {
  if (!isUuid(messageId)) throw notFound('Message');
  const m = await db
    .selectFrom('messages')
    .select('thread_id')
    .where('id', '=', messageId)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!m) throw notFound('Message');
  await loadThread(db, actor, m.thread_id);
}

async function storeMessage(tx: Tx, actor: Actor, thread: { id: string; kind: ThreadKind }, prepared: PreparedWrite<'message'>) {
  const body = prepared.fields.body;
  const redactions = thread.kind === 'consult' ? prepared.redactions.map(({ category, start, end }) => ({ category, start, end })) : null;
  const m = await tx
    .insertInto('messages')
    .values({
      org_id: actor.orgId,
      thread_id: thread.id,
      author_id: actor.userId,
      body,
      redactions: redactions ? JSON.stringify(redactions) : null,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  await tx.updateTable('message_threads').set({ last_message_at: new Date() }).where('id', '=', thread.id).execute();
  await tx
    .updateTable('thread_participants')
    .set({ last_read_at: new Date() })
    .where('thread_id', '=', thread.id)
    .where('user_id', '=', actor.userId)
    .execute();
  const recipients = (await tx.selectFrom('thread_participants').select('user_id').where('thread_id', '=', thread.id).execute()).map(
    (p) => p.user_id,
  );
  await commitWrite(tx, prepared, {
    recordId: m.id,
    action: 'message.create',
    archive: {
      recordClass: 'message',
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `thread:${thread.id}`,
      content: { threadId: thread.id, kind: thread.kind, body, redactions },
    },
    distribution: { destinationKind: 'recipients', destinationId: thread.id, audience: { userIds: recipients } },
  });
  await notify(tx, {
    orgId: actor.orgId,
    userIds: recipients.filter((u) => u !== actor.userId),
    kind: 'message',
    title: `New message from ${actor.displayName}`,
    link: `/messages/${thread.id}`,
    email: true,
  });
  return { id: m.id, body, redactions, createdAt: m.created_at.toISOString() };
}

export async function listThreads(db: Db, actor: Actor) {
  return db
    .selectFrom('message_threads as t')
    .innerJoin('thread_participants as p', (j) => j.onRef('p.thread_id', '=', 't.id').on('p.user_id', '=', actor.userId))
    .select(['t.id', 't.kind', 't.subject', 't.last_message_at', 'p.last_read_at'])
    .select(
      sql<string>`(SELECT string_agg(u.display_name, ', ' ORDER BY u.display_name) FROM thread_participants x JOIN users u ON u.id = x.user_id WHERE x.thread_id = t.id AND x.user_id <> ${actor.userId})`.as(
        'with_names',
      ),
    )
    .where('t.org_id', '=', actor.orgId)
    .orderBy('t.last_message_at', 'desc')
    .limit(100)
    .execute();
}

export async function getThread(db: Db, actor: Actor, threadId: string) {
  const thread = await loadThread(db, actor, threadId);
  const participants = await db
    .selectFrom('thread_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'p.user_id').onRef('m.org_id', '=', 'p.org_id'))
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('p.thread_id', '=', thread.id)
    .execute();
  const messages = await db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.author_id', 'u.display_name', 'm.body', 'm.redactions', 'm.created_at'])
    .where('m.thread_id', '=', thread.id)
    .orderBy('m.created_at')
    .limit(500)
    .execute();
  await db
    .updateTable('thread_participants')
    .set({ last_read_at: new Date() })
    .where('thread_id', '=', thread.id)
    .where('user_id', '=', actor.userId)
    .execute();
  return { thread, participants, messages };
}

/** People one may start a conversation with: patients see the care team; staff see everyone. */
export async function listContacts(db: Db, actor: Actor) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('m.org_id', '=', actor.orgId)
    .where('u.id', '!=', actor.userId)
    .where('u.disabled_at', 'is', null)
    .where('m.deactivated_at', 'is', null);
  if (actor.role === 'patient') q = q.where('m.role', 'in', ['clinician', 'staff']);
  return q.orderBy('u.display_name').limit(500).execute();
}
