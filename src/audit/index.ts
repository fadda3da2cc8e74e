export { recordAudit, recordAuditNow, verifyAuditChains, type AuditEvent, type ChainReport } from './audit-log.ts';
export { auditRoutes } from './routes.ts';
