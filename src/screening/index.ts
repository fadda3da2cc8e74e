export { screeningRoutes } from './routes.ts';
export { BUILT_IN, score, type Instrument } from './instruments.ts';
