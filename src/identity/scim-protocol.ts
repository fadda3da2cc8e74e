import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/policy.ts';
import type { AppContext } from '../http/context.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { AppError, tooManyRequests } from '../shared/errors.ts';
import { InvalidFilter, parseFilter, type Comparison } from './scim-filter.ts';

/** What SCIM's Users and Groups endpoints share: messages, errors, the bearer token, lists and filters (RFC 7644). */
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// SCIM is its own protocol (RFC 7644), documented there: not part of the API document. Isolation between
// organizations is by token, tested in test/identity/scim.test.ts.
export const SCIM_ROUTE = { schema: { hide: true } };

export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: string,
  ) {
    super(message);
  }
}

/** A new token for the organization's identity system: shown once, only its hash kept. */
export async function createScimToken(ctx: AppContext, actor: Actor, name: string) {
  const token = `scim_${randomBytes(32).toString('base64url')}`;
  const row = await ctx.db
    .insertInto('scim_tokens')
    .values({ org_id: actor.orgId, name, token_hash: hashToken(token), created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** The organization whose token this is, acting as the administrator who made it (for the audit trail). */
async function provisioner(ctx: AppContext, req: FastifyRequest): Promise<Actor> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S{10,200})$/i.exec(header)?.[1];
  const row = token
    ? await ctx.db
        .selectFrom('scim_tokens as t')
        .innerJoin('users as u', 'u.id', 't.created_by')
        .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 't.created_by').onRef('m.org_id', '=', 't.org_id'))
        .select(['t.id', 't.org_id', 't.name', 't.created_by', 'm.role'])
        .where('t.token_hash', '=', hashToken(token))
        .where('t.revoked_at', 'is', null)
        .where('m.deactivated_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!row || row.role !== 'admin') throw new ScimError(401, 'A valid SCIM bearer token is required.');
  await ctx.db.updateTable('scim_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  return {
    userId: row.created_by,
    orgId: row.org_id,
    role: 'admin',
    displayName: `SCIM (${row.name})`,
    ip: req.ip ?? null,
  } as Actor;
}

/** A filter query parameter, or a 400 invalidFilter. */
export function scimFilter(filter: string | undefined, attributes: readonly string[]): Comparison[] {
  try {
    return filter ? parseFilter(filter, attributes) : [];
  } catch (e) {
    if (e instanceof InvalidFilter) throw new ScimError(400, e.message, 'invalidFilter');
    throw e;
  }
}

/** A ListResponse page (startIndex is 1-based; count at most 200). */
export function listResponse<T, R>(all: T[], q: { startIndex?: string; count?: string }, toResource: (item: T) => R) {
  const startIndex = Math.max(1, Number.parseInt(q.startIndex ?? '1', 10) || 1);
  const count = Math.min(200, Math.max(0, Number.parseInt(q.count ?? '100', 10) || 0));
  const page = all.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [LIST], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page.map(toResource) };
}

/** The Operations of a PatchOp body, checked. */
export function patchOperations(body: Record<string, unknown>) {
  const ops = body.Operations;
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH) || !Array.isArray(ops) || ops.length === 0 || ops.length > 50)
    throw new ScimError(400, 'A PatchOp with 1 to 50 Operations is expected.', 'invalidSyntax');
  return (ops as { op?: unknown; path?: unknown; value?: unknown }[]).map((op) => {
    const kind = typeof op.op === 'string' ? op.op.toLowerCase() : '';
    if (kind !== 'add' && kind !== 'replace' && kind !== 'remove')
      throw new ScimError(400, `"${String(op.op)}" is not a PATCH operation.`, 'invalidSyntax');
    return { op: kind, path: typeof op.path === 'string' ? op.path : undefined, value: op.value };
  });
}

export function scimHandlers(ctx: AppContext) {
  const base = (req: FastifyRequest) =>
    `${ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : `${req.protocol}://${req.headers.host}`}/scim/v2`;
  const send = (reply: FastifyReply, status: number, body: unknown) =>
    reply.code(status).header('content-type', 'application/scim+json').send(JSON.stringify(body));
  /**
   * A refusal is audited with its status, kind and route (never the body, filter or token). Refusals without
   * a valid token have no organization: they go to the system's chain, at most 60 per network in 15
   * minutes (then 429, unaudited), so guessing tokens cannot flood the audit log.
   */
  const auditRefusal = async (req: FastifyRequest, actor: Actor | null, err: ScimError) => {
    if (!actor) {
      const limit = await hitRateLimit(ctx.db, `scim-refused:${req.ip}`, 60, 15 * 60_000);
      if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
    }
    await recordAuditNow(ctx.db, {
      orgId: actor?.orgId ?? null,
      actorId: actor?.userId ?? null,
      action: 'scim.refused',
      ip: req.ip ?? null,
      detail: { status: err.status, scimType: err.scimType ?? null, method: req.method, route: req.routeOptions.url ?? null },
    });
  };
  /** Every SCIM answer, errors included, in SCIM's own shape. */
  const handle =
    (fn: (req: FastifyRequest, actor: Actor) => Promise<{ status: number; body?: unknown }>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      let actor: Actor | null = null;
      try {
        actor = await provisioner(ctx, req);
        const { status, body } = await fn(req, actor);
        return body === undefined ? reply.code(status).send() : send(reply, status, body);
      } catch (e) {
        let err =
          e instanceof ScimError
            ? e
            : e instanceof AppError
              ? new ScimError(e.status === 404 ? 404 : e.status >= 500 ? 500 : 400, e.message)
              : (req.log.error({ err: { name: (e as Error).name } }, 'SCIM request failed'), new ScimError(500, 'The request failed.'));
        if (err.status < 500) {
          try {
            await auditRefusal(req, actor, err);
          } catch (limited) {
            if (limited instanceof AppError) err = new ScimError(429, limited.message);
            else throw limited;
          }
        }
        return send(reply, err.status, {
          schemas: [ERROR],
          status: String(err.status),
          ...(err.scimType ? { scimType: err.scimType } : {}),
          detail: err.message,
        });
      }
    };
  const bodyOf = (req: FastifyRequest) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
      throw new ScimError(400, 'The body must be a JSON object.', 'invalidSyntax');
    return req.body as Record<string, unknown>;
  };
  return { handle, bodyOf, base };
}
