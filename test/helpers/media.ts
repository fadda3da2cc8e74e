import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from './http.ts';

/** The labelled picture set (test/fixtures/media): drawn cards and photographs from npm packages. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'media');
export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** Uploads a picture and waits for its check to finish; returns the media as the API shows it. */
export async function uploadChecked(client: Client, bytes: Uint8Array, name = 'picture.png') {
  const up = await client.upload(`/api/media?name=${encodeURIComponent(name)}`, bytes);
  assert.equal(up.status, 202, up.text);
  return waitChecked(client, up.json.media.id);
}

// A liveness bound, not a speed target: the check (OCR, faces, codes) shares two CPUs with a browser test in CI.
export async function waitChecked(client: Client, id: string, timeoutMs = 180_000) {
  for (let i = 0; i < timeoutMs / 100; i++) {
    const r = await client.get(`/api/media/${id}`);
    assert.equal(r.status, 200, r.text);
    if (r.json.media.status !== 'processing') return r.json.media;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`picture check did not finish in ${timeoutMs / 1000} s`);
}
