import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fs from 'node:fs';
import { judgeAddress, REFUSED_RANGES } from '../../src/outbound/index.ts';

const host = (url: string) => new URL(url).hostname;

describe('refused address ranges', () => {
  test('every internal form is refused, as written and as the URL parser normalizes it', () => {
    const internal = [
      '127.0.0.1',
      '127.1',
      '0x7f.0.0.1',
      '2130706433',
      '017700000001',
      '0177.0.0.1',
      '127.255.255.254',
      '0.0.0.0',
      '0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '198.18.0.1',
      '[::1]',
      '[::]',
      '[0:0:0:0:0:0:0:1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[::ffff:10.0.0.1]',
      '[::ffff:169.254.169.254]',
      '[64:ff9b::7f00:1]',
      '[2002:7f00:1::]',
      '[fc00::1]',
      '[fd12:3456::1]',
      '[fe80::1]',
      '[ff02::1]',
      '[::127.0.0.1]',
      '[2001:db8::1]',
      '[2001::1]',
    ];
    for (const form of internal) {
      const h = host(`https://${form}/`);
      const v = judgeAddress(h);
      assert.equal(v.allowed, false, `${form} (parsed as ${h}) must be refused`);
    }
  });
  test('public addresses pass, IPv4 and IPv6, including public IPv4 carried in IPv6', () => {
    for (const form of [
      '1.1.1.1',
      '8.8.8.8',
      '93.184.216.34',
      '172.32.0.1',
      '100.128.0.1',
      '[2606:4700:4700::1111]',
      '[::ffff:8.8.8.8]',
      '[64:ff9b::808:808]',
      '[2002:808:808::1]',
    ]) {
      assert.equal(judgeAddress(host(`https://${form}/`)).allowed, true, form);
    }
  });
  test('the operator can allow a range; the rest stays refused', () => {
    assert.equal(judgeAddress('10.0.4.7', ['10.0.4.0/24']).allowed, true);
    assert.equal(judgeAddress('::ffff:10.0.4.7', ['10.0.4.0/24']).allowed, true);
    assert.equal(judgeAddress('10.0.5.7', ['10.0.4.0/24']).allowed, false);
    assert.equal(judgeAddress('127.0.0.1', ['10.0.4.0/24']).allowed, false);
  });
  test('a verdict names the kind of range', () => {
    assert.deepEqual(judgeAddress('169.254.169.254'), { allowed: false, kind: 'link-local (cloud metadata)' });
    assert.deepEqual(judgeAddress('::ffff:127.0.0.1'), { allowed: false, kind: 'loopback' });
    assert.deepEqual(judgeAddress('not-an-ip'), { allowed: false, kind: 'not an IP address' });
  });
  test('the README lists every refused range', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const r of REFUSED_RANGES) assert.ok(readme.includes(`| \`${r.cidr}\` | ${r.kind} |`), r.cidr);
  });
});
