export { cusum, earsC2, scoreDetection, type Alarm, type DetectionReport, type DetectorOptions } from './detectors.ts';
export { poissonRegression, seasonalDetector, type SeasonalAlarm, type SeasonalOptions } from './seasonal.ts';
export { SYNDROMES, SYNDROME_NAMES, type Syndrome } from './syndromes.ts';
export { dailyCounts, listSignalAlerts, runSignalSweep, signalScopes, signalSeries } from './service.ts';
export { signalRoutes } from './routes.ts';
export { readSurveillanceSeries, surveillanceReport } from './surveillance.ts';
