import type { Network } from '../../db/schema.ts';
import { BlueskyConnector } from './bluesky.ts';
import { GoogleReviewsConnector } from './google-reviews.ts';
import { MastodonConnector } from './mastodon.ts';
import { SandboxConnector } from './sandbox.ts';
import { XConnector, xLength } from './x.ts';
import { FacebookPageConnector } from './facebook.ts';
import { LinkedInConnector } from './linkedin.ts';
import { InstagramConnector } from './instagram.ts';
import { YouTubeConnector } from './youtube.ts';
import type { ChannelCredentials, Connector, ConnectorOptions } from './types.ts';

export * from './types.ts';
export { NETWORKS } from '../../shared/enums.ts';

/** How a network counts a post: X weighs links and wide characters, YouTube counts a description's bytes; the others count characters. */
export const lengthOnNetwork = (network: string, text: string) =>
  network === 'x' ? xLength(text) : network === 'youtube' ? Buffer.byteLength(text) : [...text].length;

/** Networks without threads, where a post's later parts are comments under it (and are removed with it). */
export const COMMENT_THREAD_NETWORKS: ReadonlySet<string> = new Set(['facebook', 'linkedin', 'instagram', 'youtube']);

export function createConnector(
  network: Network,
  baseUrl: string,
  credentials: ChannelCredentials,
  opts: ConnectorOptions = {},
): Connector {
  switch (network) {
    case 'mastodon':
      return new MastodonConnector(baseUrl, credentials, opts);
    case 'bluesky':
      return new BlueskyConnector(baseUrl, credentials, opts);
    case 'google_reviews':
      return new GoogleReviewsConnector(baseUrl, credentials, opts);
    case 'sandbox':
      return new SandboxConnector(credentials, opts);
    case 'x':
      return new XConnector(baseUrl, credentials, opts);
    case 'facebook':
      return new FacebookPageConnector(baseUrl, credentials, opts);
    case 'linkedin':
      return new LinkedInConnector(baseUrl, credentials, opts);
    case 'instagram':
      return new InstagramConnector(baseUrl, credentials, opts);
    case 'youtube':
      return new YouTubeConnector(baseUrl, credentials, opts);
  }
}
