export { CATEGORIES, CATEGORY_LABELS, describeCategories, isCategory, type Category, type Finding } from './categories.ts';
export { detectPhi, type ScanOptions } from './detector.ts';
export { redact, type Redaction, type RedactionMode, type Replacement } from './redact.ts';
export { decide, DEFAULT_POLICY, DESTINATIONS, type Destination, type PolicyDecision, type PolicyTable, type Verdict } from './policy.ts';
export { evaluate, parseJsonl, type EvalReport, type GoldExample } from './evaluate.ts';
export { dictionaries } from './dictionaries.ts';
