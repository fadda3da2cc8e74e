import type { OutboundFetch } from '../../outbound/index.ts';
import type { Db } from '../../db/database.ts';
import type { OutgoingFile } from '../../media/index.ts';
import type { InboxKind, Network } from '../../db/schema.ts';

/** Secrets a connector needs (tokens, app passwords); sealed at rest, never sent to the browser. */
export type ChannelCredentials = Record<string, string>;

export interface ConnectedAccount {
  accountId: string;
  handle: string;
  displayName: string;
}

export interface NetworkLimits {
  maxLength: number;
  canPost: boolean;
  canEdit: boolean;
  hasMetrics: boolean;
}

export interface PublishResult {
  remoteId: string;
  url: string | null;
  /** What continuing this post needs beyond its id (Bluesky's record references, the root post of comments). */
  threadRef?: string | null;
}

/** A picture (or a video) to send with a post; networks that fetch files themselves (Instagram, Google) use its link. */
export type OutgoingPicture = OutgoingFile;

/** One of the organization's own posts, to be continued (a thread's next part, or a first comment). */
export interface ThreadParent {
  remoteId: string;
  threadRef: string | null;
}

export interface InboundItem {
  kind: InboxKind;
  remoteId: string;
  url: string | null;
  authorHandle: string;
  authorName: string;
  body: string;
  rating: number | null;
  /** Whatever the network needs to reply in thread (an id, or root/parent references). */
  replyRef: string | null;
  createdAt: Date;
}

export interface PostMetrics {
  likes: number;
  reposts: number;
  replies: number;
  impressions: number | null;
}

/**
 * One interface for every network. Facebook, X, LinkedIn or another review site fit by implementing it:
 * what a network cannot do, its limits say (canPost false for a review source) and the call throws
 * `unsupported`.
 */
export interface Connector {
  readonly network: Network;
  limits(): Promise<NetworkLimits>;
  /** Signs in or checks the token; tells which account the credentials belong to. */
  verify(): Promise<ConnectedAccount>;
  /**
   * Publishes once per idempotency key, even when called again after a failure, with its pictures (up to
   * four, each with its description; a review source, which cannot post, takes none).
   */
  post(text: string, idempotencyKey: string, isRetry?: boolean, pictures?: readonly OutgoingPicture[]): Promise<PublishResult>;
  /**
   * Continues one of its own posts, once per idempotency key: as the next part of a thread where the network
   * has threads (X, Mastodon, Bluesky, the sandbox), as a comment on the post where it has comments instead
   * (Facebook, LinkedIn: the "first comment").
   */
  continueThread(parent: ThreadParent, text: string, idempotencyKey: string, isRetry?: boolean): Promise<PublishResult>;
  edit(remoteId: string, text: string): Promise<void>;
  /** A post as it is on the network now (`gone` when it is not there). */
  read(remoteId: string): Promise<{ text: string; edited: boolean }>;
  remove(remoteId: string): Promise<void>;
  /** New replies, mentions, direct messages or reviews since the cursor. */
  fetchInbox(cursor: string | null): Promise<{ items: InboundItem[]; cursor: string | null }>;
  reply(
    to: { remoteId: string; replyRef: string | null; authorHandle: string; kind: InboxKind },
    text: string,
    idempotencyKey: string,
  ): Promise<PublishResult>;
  metrics(remoteIds: string[]): Promise<Map<string, PostMetrics>>;
  /** The credentials as they are now (a session refresh may have replaced tokens). */
  credentials(): ChannelCredentials;
}

/** `gone`: the thing asked for is not on the network (deleted there, or never existed). */
export type ConnectorErrorKind = 'rate_limited' | 'unavailable' | 'rejected' | 'unauthorized' | 'unsupported' | 'gone';

/** What went wrong, in the terms the publish queue acts on: retry later, give up, or mark the channel revoked. */
export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** The network's own one-line reason for refusing a post (from its JSON error), kept apart from our words. */
    readonly networkReason?: string,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
  /** What the author of a failed post reads: our words, then the network's reason when it gave one. */
  get forAuthor(): string {
    return this.networkReason ? `${this.message}: ${this.networkReason}` : this.message;
  }
}

export interface ConnectorOptions {
  timeoutMs?: number;
  /** The outbound guard to fetch through; without one, the strictest (https, public addresses only). */
  fetch?: OutboundFetch;
  /** The product's database: the built-in Sandbox network lives there (no fetch at all). */
  db?: Db;
}
