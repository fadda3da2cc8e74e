export { eventRoutes } from './routes.ts';
export { sendEventReminders } from './service.ts';
