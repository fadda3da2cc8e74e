export { readLabelled, type LabelledText } from './classifier/datasets.ts';
export { binaryReport, rocAuc, thresholdForPrecision, type BinaryReport } from './classifier/metrics.ts';
export { aboutHealthClaims } from './classifier/topic.ts';
export { classifierFrom, misinfoClassifier, MODEL_FILE, trainModel, type MisinfoClassifier, type StoredModel } from './classifier/model.ts';
export { moderationRoutes } from './routes.ts';
