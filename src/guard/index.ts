export type { GuardPass } from './content-guard.ts';
export {
  attachedConsents,
  commitWrite,
  commitWrites,
  prepareWrite,
  TEXT_FIELDS,
  type PreparedWrite,
  type TextKind,
  type WriteEffects,
  type WriteRequest,
} from './pipeline.ts';
