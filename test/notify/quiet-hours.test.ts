import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digestDue, holdsNotifications, inQuietHours } from '../../src/notify/quiet-hours.ts';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  test("a window that wraps midnight, in the member's time zone", () => {
    const prefs = { quietStart: 22, quietEnd: 7, timeZone: 'America/New_York' };
    assert.equal(inQuietHours(prefs, at('2026-11-23T04:00:00Z')), true, '23:00 in New York');
    assert.equal(inQuietHours(prefs, at('2026-11-23T11:30:00Z')), true, '06:30 in New York');
    assert.equal(inQuietHours(prefs, at('2026-11-23T12:00:00Z')), false, '07:00 in New York');
    assert.equal(inQuietHours({}, at('2026-11-23T04:00:00Z')), false);
  });
  test('batched members get digests after the interval, never during quiet hours', () => {
    const hourly = { batch: 'hourly' as const, quietStart: 12, quietEnd: 13, timeZone: 'UTC' };
    assert.equal(holdsNotifications(hourly, at('2026-11-23T09:00:00Z')), true);
    assert.equal(digestDue(hourly, at('2026-11-23T09:00:00Z'), at('2026-11-23T09:30:00Z')), false);
    assert.equal(digestDue(hourly, at('2026-11-23T09:00:00Z'), at('2026-11-23T10:00:00Z')), true);
    assert.equal(digestDue(hourly, at('2026-11-23T09:00:00Z'), at('2026-11-23T12:30:00Z')), false, 'quiet');
  });
});
