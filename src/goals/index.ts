export { goalRoutes } from './routes.ts';
export { GOAL_KINDS, KINDS, checkReading } from './kinds.ts';
