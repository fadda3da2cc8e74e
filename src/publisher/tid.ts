import { randomInt } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * An AT Protocol TID (timestamp identifier): 53 bits of microseconds and 10 bits of clock id in 13
 * sortable base32 characters. Used as every network post's idempotency key; on Bluesky it is the record
 * key itself, so a repeated create cannot make a second post.
 */
export function newTid(now = Date.now()): string {
  let v = ((BigInt(now) * 1000n + BigInt(randomInt(1000))) << 10n) | BigInt(randomInt(1024));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}
