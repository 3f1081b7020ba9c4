/** A clock that only moves when the code under test sleeps; records every sleep. */
import type { PollTiming } from '../../../src/stack/index.js';

export interface FakeTiming extends PollTiming {
  readonly sleeps: number[];
}

export function fakeTiming(random: () => number = () => 0.5, start = 1_000_000): FakeTiming {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      sleeps.push(ms);
      now += ms;
    },
  };
}
