// Detection figures on the labelled picture set: faces, identifier text and codes found, per picture and in
// total. Run: npx tsx bench/media-detection.ts
import { evaluatePictures } from '../src/media/evaluate.ts';
import { stopAnalysis } from '../src/media/analysis/index.ts';
import { labelledPictures } from '../test/helpers/media-set.ts';

const { pictures, totals } = await evaluatePictures(labelledPictures());
for (const p of pictures)
  console.log(
    `${p.name.padEnd(40)} faces ${p.faces.found}/${p.faces.labelled}  codes ${p.codes.found}/${p.codes.labelled}  identifiers missed [${p.identifiers.missed.join(' ')}] extra [${p.identifiers.extra.join(' ')}]  ${p.ms} ms`,
  );
console.log(
  `faces found ${totals.facesFound}/${totals.facesLabelled} (extra ${totals.facesExtra}); identifier categories found ${totals.identifiersFound}/${totals.identifiersLabelled} (extra ${totals.identifiersExtra}); codes ${totals.codesFound}/${totals.codesLabelled}`,
);
await stopAnalysis();
