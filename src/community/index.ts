export { communityRoutes, MAX_POST_CHARS } from './routes.ts';
export { assertReadable, communityAccess } from './service.ts';
export { destinationOf } from './visibility.ts';
export { joinRoutes } from './join-routes.ts';
