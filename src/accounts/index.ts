export { accountRoutes } from './routes.ts';
export { hashPassword, passwordProblem, verifyPassword } from '../security/passwords.ts';
export { hitRateLimit } from '../security/rate-limit.ts';
export { createSession, resolveSession, revokeAllSessions } from './sessions.ts';
export { startSession, type ClientInfo, type SessionOutcome } from './login.ts';
export { sessionView } from './routes.ts';
export { setSessionCookie } from './session-hook.ts';
export { SessionSchema } from './responses.ts';
