import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { stopAnalysis } from '../../src/media/analysis/index.ts';
import { evaluatePictures } from '../../src/media/evaluate.ts';
import { labelledPictures } from '../helpers/media-set.ts';

after(() => stopAnalysis());

// The labelled set (test/fixtures/media/labels.json): real photographs from an npm package and drawn
// labels, whiteboards, screens and codes. Counts, not times: what was found against what is there.
test('faces, identifying text and codes are found on the labelled set; a poster without identifiers stays clean', async () => {
  const { pictures, totals } = await evaluatePictures(labelledPictures());
  assert.ok(totals.facesFound >= totals.facesLabelled - 1, `faces found ${totals.facesFound} of ${totals.facesLabelled}`);
  assert.equal(totals.facesExtra, 0, 'no face where there is none');
  assert.equal(totals.codesFound, totals.codesLabelled, 'every barcode and QR code decoded');
  assert.ok(
    totals.identifiersFound >= totals.identifiersLabelled - 1,
    `identifier kinds found ${totals.identifiersFound} of ${totals.identifiersLabelled}`,
  );
  for (const drawn of ['label-card.png', 'monitor.png', 'whiteboard.png'])
    assert.deepEqual(pictures.find((p) => p.name === drawn)?.identifiers.missed, [], `${drawn}: every identifier read`);
  assert.deepEqual(pictures.find((p) => p.name === 'poster.png')?.identifiers.found, [], 'the poster has nothing to hide');
});
