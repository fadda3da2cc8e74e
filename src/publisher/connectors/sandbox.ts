import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SandboxEventKind } from '../../db/schema.ts';
import { isUuid } from '../../shared/ids.ts';
import {
  ConnectorError,
  type ChannelCredentials,
  type OutgoingPicture,
  type Connector,
  type ConnectorOptions,
  type InboundItem,
  type PostMetrics,
  type PublishResult,
  type ThreadParent,
} from './types.ts';

/** The sandbox's simulated audience: who answers, and what they say. */
const PEOPLE = [
  { handle: 'maria.g', name: 'Maria G.' },
  { handle: 'dev_patel', name: 'Dev Patel' },
  { handle: 'lakeside_runner', name: 'Sam (Lakeside Runners)' },
  { handle: 'newparent22', name: 'Jo' },
  { handle: 'cityhealthwatch', name: 'City Health Watch' },
];
const REPLIES = ['Thanks for sharing this!', 'Is this open to walk-ins?', 'Great news for the neighbourhood.', 'Do I need to book ahead?'];
const MENTIONS = ['Our running club is spreading the word via {org}.', 'Shout-out to {org} for the clear information.'];
const MESSAGES = ['Hello, which entrance should I use on Saturday?', 'Hi! Is there parking near the main entrance?'];
const REVIEWS = [
  { rating: 5, body: 'Friendly staff and short waits.' },
  { rating: 4, body: 'Good care, but the signage could be clearer.' },
];

/** Seconds after a post when each simulated reaction arrives (a few seconds, so a newcomer sees the loop). */
const SCHEDULE: Array<{ kind: SandboxEventKind; after: number }> = [
  { kind: 'like', after: 3 },
  { kind: 'reply', after: 5 },
  { kind: 'like', after: 8 },
  { kind: 'repost', after: 10 },
  { kind: 'mention', after: 12 },
  { kind: 'dm', after: 15 },
  { kind: 'like', after: 20 },
  { kind: 'review', after: 25 },
];

const pick = <T>(list: T[], seed: string, salt: number): T =>
  list[createHash('sha256').update(`${seed}:${salt}`).digest().readUInt32BE(0) % list.length];

/**
 * The built-in practice network: a timeline in Harborline's own database (no account, no fetch). Posts
 * appear on the Sandbox page; simulated people like, repost, reply, mention, message and review a few
 * seconds later, so the inbox, SLAs and analytics have something real to work on.
 */
export class SandboxConnector implements Connector {
  readonly network = 'sandbox' as const;
  private readonly db: Db;
  constructor(
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions,
  ) {
    if (!opts.db) throw new ConnectorError('unavailable', 'The sandbox network needs the product database.');
    if (!creds.channelId || !isUuid(creds.channelId) || !creds.orgId) throw new ConnectorError('rejected', 'Not a sandbox channel.');
    this.db = opts.db;
  }

  private get channelId() {
    return this.creds.channelId;
  }

  async limits() {
    return { maxLength: 500, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    return { accountId: this.channelId, handle: this.creds.handle || 'sandbox', displayName: 'Sandbox' };
  }

  private async insertPost(
    body: string,
    idempotencyKey: string,
    inReplyTo: string | null,
    continues: string | null = null,
    pictureAlts: readonly string[] = [],
  ): Promise<{ id: string; fresh: boolean }> {
    const inserted = await this.db
      .insertInto('sandbox_posts')
      .values({
        org_id: this.creds.orgId,
        channel_id: this.channelId,
        idempotency_key: idempotencyKey,
        body,
        in_reply_to: inReplyTo,
        continues,
        picture_alts: [...pictureAlts],
      })
      .onConflict((oc) => oc.columns(['channel_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, fresh: true };
    const existing = await this.db
      .selectFrom('sandbox_posts')
      .select('id')
      .where('channel_id', '=', this.channelId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, fresh: false };
  }

  private checkLength(text: string) {
    if ([...text].length > 500) throw new ConnectorError('rejected', 'The sandbox takes posts of up to 500 characters.');
  }

  async continueThread(parent: ThreadParent, text: string, idempotencyKey: string): Promise<PublishResult> {
    if (!isUuid(parent.remoteId)) throw new ConnectorError('rejected', 'Nothing to continue on the sandbox.');
    this.checkLength(text);
    const { id } = await this.insertPost(text, idempotencyKey, null, parent.remoteId);
    return { remoteId: id, url: `/publisher/sandbox#${id}` };
  }

  async post(text: string, idempotencyKey: string, _isRetry = false, pictures: readonly OutgoingPicture[] = []): Promise<PublishResult> {
    this.checkLength(text);
    // A practice timeline keeps no picture files: it shows each picture's description in its place.
    const { id, fresh } = await this.insertPost(
      text,
      idempotencyKey,
      null,
      null,
      pictures.map((p) => p.altText || 'A picture'),
    );
    if (fresh) {
      const now = Date.now();
      const org = `@${this.creds.handle || 'sandbox'}`;
      await this.db
        .insertInto('sandbox_events')
        .values(
          SCHEDULE.map((s, i) => {
            // A different person for each reaction, starting somewhere that depends on the post.
            const who = PEOPLE[(PEOPLE.indexOf(pick(PEOPLE, id, 0)) + i) % PEOPLE.length];
            const review = pick(REVIEWS, id, i);
            const body =
              s.kind === 'reply'
                ? pick(REPLIES, id, i)
                : s.kind === 'mention'
                  ? pick(MENTIONS, id, i).replace('{org}', org)
                  : s.kind === 'dm'
                    ? pick(MESSAGES, id, i)
                    : s.kind === 'review'
                      ? review.body
                      : '';
            return {
              org_id: this.creds.orgId,
              channel_id: this.channelId,
              post_id: id,
              kind: s.kind,
              author_handle: who.handle,
              author_name: who.name,
              body,
              rating: s.kind === 'review' ? review.rating : null,
              deliver_at: new Date(now + s.after * 1_000),
            };
          }),
        )
        .execute();
    }
    return { remoteId: id, url: `/publisher/sandbox#${id}` };
  }

  private async live(remoteId: string) {
    const row = isUuid(remoteId)
      ? await this.db
          .selectFrom('sandbox_posts')
          .select(['id', 'body', 'edited_at', 'deleted_at'])
          .where('id', '=', remoteId)
          .where('channel_id', '=', this.channelId)
          .executeTakeFirst()
      : undefined;
    if (!row || row.deleted_at) throw new ConnectorError('gone', 'The post is not on the sandbox.');
    return row;
  }

  async edit(remoteId: string, text: string) {
    this.checkLength(text);
    await this.live(remoteId);
    await this.db.updateTable('sandbox_posts').set({ body: text, edited_at: new Date() }).where('id', '=', remoteId).execute();
  }

  async read(remoteId: string) {
    const row = await this.live(remoteId);
    return { text: row.body, edited: row.edited_at !== null };
  }

  async remove(remoteId: string) {
    await this.live(remoteId);
    await this.db.updateTable('sandbox_posts').set({ deleted_at: new Date() }).where('id', '=', remoteId).execute();
  }

  async fetchInbox(cursor: string | null) {
    const after = cursor && /^\d+$/.test(cursor) ? cursor : '0';
    const rows = await this.db
      .selectFrom('sandbox_events')
      .selectAll()
      .where('channel_id', '=', this.channelId)
      .where('kind', 'in', ['reply', 'mention', 'dm', 'review'])
      .where(sql<boolean>`seq > ${after}::bigint`)
      .where('deliver_at', '<=', new Date())
      .orderBy('seq')
      .limit(50)
      .execute();
    const items: InboundItem[] = rows.map((r) => ({
      kind: r.kind as InboundItem['kind'],
      remoteId: r.id,
      url: r.post_id ? `/publisher/sandbox#${r.post_id}` : null,
      authorHandle: r.author_handle,
      authorName: r.author_name,
      body: r.body,
      rating: r.rating,
      replyRef: r.id,
      createdAt: r.deliver_at,
    }));
    return { items, cursor: rows.length ? rows[rows.length - 1].seq : cursor };
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string, idempotencyKey: string) {
    const target = to.replyRef ?? to.remoteId;
    if (!isUuid(target)) throw new ConnectorError('rejected', 'Nothing to answer on the sandbox.');
    this.checkLength(text);
    const { id } = await this.insertPost(text, idempotencyKey, target);
    return { remoteId: id, url: `/publisher/sandbox#${id}` };
  }

  async metrics(remoteIds: string[]) {
    const ids = remoteIds.filter(isUuid);
    const out = new Map<string, PostMetrics>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('sandbox_events')
      .select(['post_id', 'kind', sql<number>`count(*)::int`.as('n')])
      .where('channel_id', '=', this.channelId)
      .where('post_id', 'in', ids)
      .where('deliver_at', '<=', new Date())
      .groupBy(['post_id', 'kind'])
      .execute();
    for (const id of ids) {
      const count = (kind: string) => rows.find((r) => r.post_id === id && r.kind === kind)?.n ?? 0;
      const likes = count('like');
      out.set(id, { likes, reposts: count('repost'), replies: count('reply'), impressions: 40 + 15 * likes });
    }
    return out;
  }

  credentials() {
    return this.creds;
  }
}
