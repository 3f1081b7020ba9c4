import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, cidrsOverlap, ipv4Range } from '../../src/preflight/ipv4-cidr.js';

describe('IPv4 CIDR arithmetic', () => {
  it('computes ranges, normalising host bits', () => {
    assert.deepEqual(ipv4Range('10.0.0.0/24'), { first: 167772160, last: 167772415 });
    assert.deepEqual(ipv4Range('10.0.0.77/24'), ipv4Range('10.0.0.0/24'));
    assert.deepEqual(ipv4Range('0.0.0.0/0'), { first: 0, last: 2 ** 32 - 1 });
    assert.equal(ipv4Range('10.0.0.256/24'), undefined);
    assert.equal(ipv4Range('10.0.0.0/33'), undefined);
    assert.equal(ipv4Range('2001:db8::/32'), undefined);
  });

  it('tells containment and overlap apart', () => {
    assert.ok(cidrContains('10.0.0.0/16', '10.0.5.0/24'));
    assert.ok(cidrContains('10.0.0.0/16', '10.0.0.0/16'));
    assert.ok(!cidrContains('10.0.0.0/24', '10.0.0.0/16'));
    assert.ok(!cidrContains('10.0.0.0/16', '10.1.0.0/24'));
    assert.ok(cidrsOverlap('10.0.0.0/24', '10.0.0.128/25'));
    assert.ok(cidrsOverlap('10.0.0.0/16', '10.0.200.0/24'));
    assert.ok(!cidrsOverlap('10.0.0.0/25', '10.0.0.128/25'));
  });
});
