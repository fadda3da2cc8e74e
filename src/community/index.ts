export { communityRoutes, MAX_POST_CHARS } from './routes.ts';
export { assertReadable } from './service.ts';
