export { communityRoutes, MAX_POST_CHARS } from './routes.ts';
