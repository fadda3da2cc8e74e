export { accountRoutes } from './routes.ts';
export { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
export { hitRateLimit } from './rate-limit.ts';
export { createSession, resolveSession, revokeAllSessions } from './sessions.ts';
