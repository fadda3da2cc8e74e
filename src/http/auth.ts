import type { FastifyRequest } from 'fastify';
import { can, type Action, type Actor } from '../access/policy.ts';
import { AppError, unauthorized } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Who is asking: set by the session hook (`accounts/session-hook.ts`) before every API route. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** The signed-in actor, if their role grants the action; otherwise "not found", so the route is not even confirmed. */
export function requirePermission(req: FastifyRequest, action: Action): Actor {
  const actor = requireActor(req);
  if (!can(actor, action)) throw new AppError('not_found', 'Route not found.');
  return actor;
}
