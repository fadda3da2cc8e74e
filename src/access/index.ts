export { can, isStaff, type Action, type Actor } from './policy.ts';
