import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jittered, nextDelay, WATCH_INITIAL_DELAY_MS, WATCH_MAX_DELAY_MS } from '../../src/stack/poll-timing.js';

describe('watch backoff', () => {
  it('starts at 2 s, grows by 1.5 and stops at 30 s', () => {
    const ceilings = [WATCH_INITIAL_DELAY_MS];
    while (ceilings.length < 10) ceilings.push(nextDelay(ceilings[ceilings.length - 1] ?? 0));
    assert.deepEqual(ceilings, [2000, 3000, 4500, 6750, 10125, 15188, 22782, 30000, 30000, 30000]);
    assert.equal(WATCH_MAX_DELAY_MS, 30_000);
  });

  it('waits a uniform share of the ceiling (full jitter), never the whole of it', () => {
    assert.equal(jittered(2000, () => 0), 0);
    assert.equal(jittered(2000, () => 0.5), 1000);
    assert.equal(jittered(2000, () => 0.9999999), 1999);
    for (let i = 0; i < 200; i++) {
      const ms = jittered(30_000, Math.random);
      assert.ok(ms >= 0 && ms < 30_000, String(ms));
    }
  });
});
