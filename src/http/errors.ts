import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { classifyDatabaseFailure } from '../db/failures.ts';
import { noteStorageFull } from '../db/storage-alerts.ts';
import { AppError, ERRORS, type ErrorId } from '../shared/errors.ts';

/** The one error shape, with the status the catalogue gives the id. */
const send = (reply: FastifyReply, id: ErrorId, message: string, details?: Record<string, unknown>) =>
  reply.code(ERRORS[id].status).send({ error: { id, message, ...(details ? { details } : {}) } });

/** One error shape for every failure: {error: {id, message, details?}}; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => send(reply, 'route_not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`));
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && err.details?.retryAfterSeconds) reply.header('retry-after', String(Number(err.details.retryAfterSeconds)));
      return send(reply, err.id, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`,
        message: v.message ?? 'invalid',
      }));
      return send(reply, 'validation_failed', `Invalid request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const id: ErrorId =
        fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'payload_too_large'
          : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported_media_type'
            : fe.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError
              ? 'malformed_body'
              : 'bad_request';
      const message =
        id === 'payload_too_large'
          ? 'Request body is too large.'
          : id === 'malformed_body'
            ? 'Request body is not valid JSON.'
            : id === 'unsupported_media_type'
              ? 'Send JSON (content-type: application/json).'
              : 'Bad request.';
      return send(reply, id, message);
    }
    const database = classifyDatabaseFailure(err);
    if (database) {
      if (database.id === 'storage_full') {
        // Operators hear of it at once (the log is the one channel left); administrators get an alert once space returns.
        noteStorageFull();
        req.log.error(
          { code: (err as FastifyError).code, route: req.routeOptions?.url },
          'storage_full: the database is out of space, writes are refused',
        );
      } else req.log.warn({ errName: err.name, code: (err as FastifyError).code, route: req.routeOptions?.url }, database.id);
      reply.header('retry-after', String(database.retryAfterSeconds));
      return send(reply, database.id, database.message);
    }
    // Unexpected: log the error type, the constraint a database error names, and the route (never the message:
    // it may quote stored content).
    const constraint = (err as { constraint?: unknown }).constraint;
    req.log.error(
      {
        errName: err.name,
        code: (err as FastifyError).code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        route: req.routeOptions?.url,
      },
      'unhandled error',
    );
    return send(reply, 'internal', 'Something went wrong on our side.');
  });
}
