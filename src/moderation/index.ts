export { readLabelled, DOMAINS, type Domain, type LabelledText } from './classifier/datasets.ts';
export { binaryReport, rocAuc, thresholdForFalseAlarmRate, thresholdForPrecision, type BinaryReport } from './classifier/metrics.ts';
export { aboutHealthClaims } from './classifier/topic.ts';
export { classifierFrom, misinfoClassifier, MODEL_FILE, trainModel, type MisinfoClassifier, type StoredModel } from './classifier/model.ts';
export { readOfficialMessages } from './classifier/official.ts';
export { buildKnownClaims, builtinClaimIndex, builtinClaims, KNOWN_CLAIMS_FILE } from './claims/known-claims.ts';
export { misinfoDecision, describeReason, type MisinfoReason, type MisinfoSignals } from './misinfo.ts';
export { moderationRoutes } from './routes.ts';
