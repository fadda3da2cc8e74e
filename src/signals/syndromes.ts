/**
 * Symptom groups watched in community posts. Terms are PostgreSQL tsquery fragments over the posts'
 * English search vector (stemmed, so "coughing" matches "cough"; `<->` is a phrase).
 */
export const SYNDROMES = {
  respiratory: {
    label: 'Respiratory (cough, fever, shortness of breath)',
    query: 'cough | fever | (sore <-> throat) | (short <-> breath) | wheez | pneumonia | (runny <-> nose) | congest',
  },
  gastrointestinal: {
    label: 'Gastrointestinal (vomiting, diarrhoea)',
    query: 'vomit | diarrhea | diarrhoea | nausea | (stomach <-> bug) | (stomach <-> cramp) | (food <-> poison)',
  },
  rash: { label: 'Rash and fever illness (measles-like)', query: 'rash | spot | blister | measl | chickenpox | hive' },
  influenza: { label: 'Influenza-like illness', query: 'flu | influenza | chill | (body <-> ach) | (muscl <-> ach)' },
} as const;

export type Syndrome = keyof typeof SYNDROMES;
export const SYNDROME_NAMES = Object.keys(SYNDROMES) as Syndrome[];
