export {
  captureRecord,
  captureRecords,
  logDistribution,
  verifyArchive,
  contentHash,
  type ArchiveCapture,
  type Distribution,
  type ArchiveVerifyReport,
} from './archive-writer.ts';
