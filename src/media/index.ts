export { codeCategory, pictureFindings, pictureForGuard, redactAll, type PictureFinding, type PictureForGuard } from './findings.ts';
export { mediaRoutes } from './routes.ts';
export {
  attachable,
  attachMedia,
  ownMedia,
  picturesToSend,
  updateMedia,
  picturesOf,
  processWaiting,
  receiveUpload,
  settled,
  purgeDestroyedFiles,
  type AttachedPicture,
  type MediaRow,
  type OutgoingFile,
  type RecordVisibility,
} from './service.ts';
export { stopAnalysis } from './analysis/index.ts';
export { AttachedPictureSchema } from './responses.ts';
