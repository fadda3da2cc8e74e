import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackLinks } from '../../src/publisher/links.ts';

test('links get UTM parameters for the network and campaign; links that carry their own are left alone', () => {
  const out = trackLinks('Book your flu shot: https://harbor.example/flu. Details at https://harbor.example/a?x=1!', {
    source: 'mastodon',
    campaign: 'flu-season',
  });
  assert.equal(
    out,
    'Book your flu shot: https://harbor.example/flu?utm_source=mastodon&utm_medium=social&utm_campaign=flu-season. Details at https://harbor.example/a?x=1&utm_source=mastodon&utm_medium=social&utm_campaign=flu-season!',
  );
  assert.equal(trackLinks(out, { source: 'x', campaign: 'other' }), out, 'already tracked: unchanged (and retries send the same text)');
  assert.equal(
    trackLinks('See https://h.example/p', { source: 'x', campaign: null }),
    'See https://h.example/p?utm_source=x&utm_medium=social&utm_campaign=harborline',
  );
  assert.equal(trackLinks('No links here.', { source: 'x', campaign: 'c' }), 'No links here.');
});
