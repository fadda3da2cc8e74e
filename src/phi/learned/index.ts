export { loadModel, MODEL_FILE, nameModel, saveModel, tagNames, type NameModel } from './model.ts';
export { inTestSplit, syntheticCorpus, type NameExample } from './synthetic.ts';
export { trainNameModel } from './train.ts';
export { labelledNameExamples } from './corpus.ts';
