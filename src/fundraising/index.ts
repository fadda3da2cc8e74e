export { fundraisingRoutes } from './routes.ts';
