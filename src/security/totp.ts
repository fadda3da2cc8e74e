import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from '../shared/canonical.ts';

const totpFor = (secretBase32: string, label = 'Harborline') =>
  new TOTP({ issuer: 'Harborline', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });

export function newTotpSecret(email: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, email).toString() };
}

/**
 * The time step a code belongs to, accepting the current step and one either side (clock drift), or
 * null when it matches none. Callers record the step so that a code is accepted once.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totpFor(secretBase32).validate({ token: clean, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

/** The code for now, or for a later time step (a code is accepted once, so a second sign-in needs the next one). */
export const currentTotp = (secretBase32: string, stepsAhead = 0) =>
  totpFor(secretBase32).generate({ timestamp: Date.now() + stepsAhead * 30_000 });

/** Ten single-use recovery codes; only their hashes are stored. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const hex = randomBytes(5).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export const hashRecoveryCode = (code: string) => sha256Hex(`recovery:${code.trim().toLowerCase()}`);
