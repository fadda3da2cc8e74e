export { guardContent, recordPassedDecision, type GuardPass, type GuardRequest } from './content-guard.ts';
