export { guardContent, recordPassedDecision, recordPassedDecisions, type GuardPass, type GuardRequest, type PassedWrite } from './content-guard.ts';
