/**
 * When the stack activities poll CloudFormation: exponential backoff with full jitter, and the
 * clock, sleep and randomness behind it as injectable {@link PollTiming} so unit tests run in
 * no time and can check the sequence.
 */
import { Context } from '@temporalio/activity';

/** First wait between two polls of a stack. */
export const WATCH_INITIAL_DELAY_MS = 2_000;
/** Each wait grows by this factor… */
export const WATCH_BACKOFF_FACTOR = 1.5;
/** …up to this cap, so a long create is still reported every half minute at worst. */
export const WATCH_MAX_DELAY_MS = 30_000;

export interface PollTiming {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Waits `ms`; rejects (CancelledFailure or AbortError) when the activity is cancelled. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/**
 * Real time. `sleep` is the activity context's own, which rejects with a CancelledFailure as soon
 * as the workflow cancels the activity.
 */
export const realPollTiming: PollTiming = {
  now: () => Date.now(),
  sleep: (ms) => Context.current().sleep(ms),
  random: () => Math.random(),
};

/** The next backoff ceiling after `delayMs`. */
export function nextDelay(delayMs: number): number {
  return Math.min(WATCH_MAX_DELAY_MS, Math.round(delayMs * WATCH_BACKOFF_FACTOR));
}

/** "Full jitter": a uniform wait in [0, delayMs), so many watchers never poll in lockstep. */
export function jittered(delayMs: number, random: () => number): number {
  return Math.floor(random() * delayMs);
}
