import path from 'node:path';
import { z } from 'zod';
import { invalidRanges } from '../outbound/addresses.ts';

/** Every setting the server reads, validated once at start-up (a bad value names its variable). */
const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // A read-only streaming replica of DATABASE_URL: searches and figures that may lag a moment read there.
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // PostgreSQL only: connections per process, how long to wait for one, and the statement timeout (a frozen
  // or unreachable database then answers 503 within seconds instead of holding requests).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  DATA_DIR: z.string().min(1).default('data'),
  PUBLIC_URL: z.string().url().optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  // Behind a reverse proxy, client addresses (rate limits, login alerts, audit) come from X-Forwarded-For.
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Development and tests: an answer carrying fields its route's response schema does not list fails
  // (in production such fields are stripped silently).
  STRICT_RESPONSES: z.enum(['true', 'false']).default('false'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
    .optional(),
  // Pictures: the largest upload accepted, and the most pixels a picture may decode to (a 12-megapixel
  // photo is 12,000,000; a decompression bomb claims billions).
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(500_000_000).default(26_214_400),
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(10_000).max(268_402_689).default(50_000_000),
  // Video (where ffmpeg is installed; MEDIA_VIDEO=off refuses it anyway): the longest accepted, in seconds.
  MEDIA_MAX_VIDEO_SECONDS: z.coerce.number().int().min(1).max(43_200).default(600),
  MEDIA_VIDEO: z.enum(['auto', 'off']).default('auto'),
  // Optional S3-compatible storage for picture files (otherwise DATA_DIR/media).
  MEDIA_S3_ENDPOINT: z.string().url().optional(),
  MEDIA_S3_BUCKET: z.string().min(3).max(63).optional(),
  MEDIA_S3_REGION: z.string().min(2).default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Optional WORM copy of the archive to S3-compatible storage with Object Lock (compliance mode).
  WORM_S3_ENDPOINT: z.string().url().optional(),
  WORM_S3_BUCKET: z.string().min(3).max(63).optional(),
  WORM_S3_REGION: z.string().min(2).default('us-east-1'),
  WORM_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  WORM_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  WORM_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(2_190),
  // Destruction under the retention schedule waits this long after its second key (an approval by someone
  // other than whoever asked), so a mistake can still be cancelled.
  DISPOSITION_DELAY_HOURS: z.coerce.number().int().min(0).max(2_160).default(72),
  // Encrypts connected-channel tokens at rest: 32 bytes as 64 hex characters. Without it, a key is
  // generated once into DATA_DIR/secret.key (set it explicitly when several servers share DATABASE_URL).
  // Network servers must be https; plain http only for local development and tests (it would also let a
  // channel point at internal addresses).
  PUBLISHER_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  // The built-in Sandbox network (a practice timeline inside Harborline, with simulated replies): on by
  // default so a new team can try the publisher at once; \`off\` refuses new sandbox channels and keeps the
  // demo from connecting one.
  PUBLISHER_SANDBOX: z.enum(['on', 'off']).default('on'),
  // How long a post being sent stays claimed by one server process; after a crash, another process
  // takes it over (and the network's idempotency keeps it from going out twice) once this has passed.
  // Keep it well above a send's time (a thread's parts included): a live send must not be taken over.
  PUBLISHER_SEND_LOCK_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  // Server-side fetches never reach loopback, private, link-local, unique-local, multicast or unspecified
  // addresses. Comma-separated addresses or ranges listed here are reachable anyway (an on-premises
  // Mastodon at 10.0.4.7, S3 storage on the hospital network, 127.0.0.1 in development).
  OUTBOUND_ALLOW_ADDRESSES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .refine((v) => invalidRanges(v).length === 0, {
      message: 'must be comma-separated IP addresses or ranges (10.0.4.7, 10.0.0.0/8, fd00::/8)',
    }),
  SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  // "Connect with one button": the organization's own app registered on a network (X, LinkedIn, Google).
  // With a client id and secret set, admins connect that network by signing in there (OAuth 2.0 with PKCE).
  // The *_URL variables override the network's OAuth endpoints (an on-premises proxy, tests).
  ...oauthEnv('X'),
  ...oauthEnv('LINKEDIN'),
  ...oauthEnv('GOOGLE'),
  ...oauthEnv('FACEBOOK'),
});

/** The OAuth 2.0 app settings of one network: OAUTH_<NET>_CLIENT_ID, _CLIENT_SECRET and endpoint overrides. */
function oauthEnv<N extends string>(net: N) {
  const url = z.string().url().optional();
  return {
    [`OAUTH_${net}_CLIENT_ID`]: z.string().min(1).max(500).optional(),
    [`OAUTH_${net}_CLIENT_SECRET`]: z.string().min(1).max(500).optional(),
    [`OAUTH_${net}_AUTHORIZE_URL`]: url,
    [`OAUTH_${net}_TOKEN_URL`]: url,
    [`OAUTH_${net}_REVOKE_URL`]: url,
    [`OAUTH_${net}_API_URL`]: url,
  } as Record<
    `OAUTH_${N}_${'CLIENT_ID' | 'CLIENT_SECRET' | 'AUTHORIZE_URL' | 'TOKEN_URL' | 'REVOKE_URL' | 'API_URL'}`,
    z.ZodOptional<z.ZodString>
  >;
}

/** An OAuth app as configured: client credentials and, where set, endpoint overrides. */
export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
  apiUrl?: string;
}

export type Config = {
  host: string;
  port: number;
  databaseUrl?: string;
  databaseReplicaUrl?: string;
  database: { poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  dataDir: string;
  publicUrl?: string;
  bodyLimitBytes: number;
  sessionIdleMs: number;
  sessionMaxMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  seedDemo: boolean;
  trustProxy: boolean;
  strictResponses: boolean;
  publisherSandbox: boolean;
  publisherSendLockMs: number;
  dispositionDelayMs: number;
  smtpUrl?: string;
  /** Cookies get `Secure` when the product is served over https. */
  secureCookies: boolean;
  secretKey?: Buffer;
  /** What server-side fetches may reach (src/outbound). */
  outbound: { allowHttp: boolean; allowedAddresses: string[]; allowedOrigins?: string[] };
  /** OAuth apps per network (only those with a client id and secret). */
  oauth: Partial<Record<'x' | 'linkedin' | 'google_reviews' | 'facebook' | 'instagram' | 'youtube', OAuthAppConfig>>;
  media: { maxBytes: number; maxPixels: number; maxVideoSeconds: number; video?: 'auto' | 'off' };
  mediaS3?: { endpoint: string; bucket: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  worm?: {
    endpoint: string;
    bucket: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    retentionDays: number;
  };
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mediaVars = [e.MEDIA_S3_ENDPOINT, e.MEDIA_S3_BUCKET, e.MEDIA_S3_ACCESS_KEY_ID, e.MEDIA_S3_SECRET_ACCESS_KEY];
  if (mediaVars.some(Boolean) && !mediaVars.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  MEDIA_S3_*: set MEDIA_S3_ENDPOINT, MEDIA_S3_BUCKET, MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY together',
    );
  }
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new ConfigError('Invalid configuration:\n  DATABASE_REPLICA_URL: a replica needs its primary in DATABASE_URL');
  const wormVars = [e.WORM_S3_ENDPOINT, e.WORM_S3_BUCKET, e.WORM_S3_ACCESS_KEY_ID, e.WORM_S3_SECRET_ACCESS_KEY];
  if (wormVars.some(Boolean) && !wormVars.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  WORM_S3_*: set WORM_S3_ENDPOINT, WORM_S3_BUCKET, WORM_S3_ACCESS_KEY_ID and WORM_S3_SECRET_ACCESS_KEY together',
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    database: {
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    media: { maxBytes: e.MEDIA_MAX_BYTES, maxPixels: e.MEDIA_MAX_PIXELS, maxVideoSeconds: e.MEDIA_MAX_VIDEO_SECONDS, video: e.MEDIA_VIDEO },
    mediaS3: e.MEDIA_S3_ENDPOINT
      ? {
          endpoint: e.MEDIA_S3_ENDPOINT,
          bucket: e.MEDIA_S3_BUCKET!,
          region: e.MEDIA_S3_REGION,
          credentials: { accessKeyId: e.MEDIA_S3_ACCESS_KEY_ID!, secretAccessKey: e.MEDIA_S3_SECRET_ACCESS_KEY! },
        }
      : undefined,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'auto',
    trustProxy: e.TRUST_PROXY === 'true',
    strictResponses: e.STRICT_RESPONSES === 'true',
    publisherSandbox: e.PUBLISHER_SANDBOX === 'on',
    publisherSendLockMs: e.PUBLISHER_SEND_LOCK_SECONDS * 1000,
    dispositionDelayMs: e.DISPOSITION_DELAY_HOURS * 3_600_000,
    smtpUrl: e.SMTP_URL,
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https://'),
    secretKey: e.SECRET_KEY ? Buffer.from(e.SECRET_KEY, 'hex') : undefined,
    outbound: { allowHttp: e.PUBLISHER_ALLOW_HTTP === 'true', allowedAddresses: e.OUTBOUND_ALLOW_ADDRESSES, allowedOrigins: [] },
    oauth: Object.fromEntries(
      (
        [
          ['x', 'X'],
          ['linkedin', 'LINKEDIN'],
          ['google_reviews', 'GOOGLE'],
          ['facebook', 'FACEBOOK'],
          // Instagram professional accounts sign in through Facebook Login, YouTube through Google: the same apps.
          ['instagram', 'FACEBOOK'],
          ['youtube', 'GOOGLE'],
        ] as const
      ).flatMap(([network, net]) => {
        const id = e[`OAUTH_${net}_CLIENT_ID`];
        const secret = e[`OAUTH_${net}_CLIENT_SECRET`];
        if (!id || !secret) return [];
        const app: OAuthAppConfig = {
          clientId: id,
          clientSecret: secret,
          authorizeUrl: e[`OAUTH_${net}_AUTHORIZE_URL`],
          tokenUrl: e[`OAUTH_${net}_TOKEN_URL`],
          revokeUrl: e[`OAUTH_${net}_REVOKE_URL`],
          apiUrl: e[`OAUTH_${net}_API_URL`],
        };
        return [[network, app]];
      }),
    ),
    worm: e.WORM_S3_ENDPOINT
      ? {
          endpoint: e.WORM_S3_ENDPOINT,
          bucket: e.WORM_S3_BUCKET!,
          region: e.WORM_S3_REGION,
          credentials: { accessKeyId: e.WORM_S3_ACCESS_KEY_ID!, secretAccessKey: e.WORM_S3_SECRET_ACCESS_KEY! },
          retentionDays: e.WORM_RETENTION_DAYS,
        }
      : undefined,
  };
}
