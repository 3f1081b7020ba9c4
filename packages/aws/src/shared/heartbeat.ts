/**
 * Heartbeats and cancellation from inside an activity, and nothing outside one: the same helpers
 * (the asset store, the cleanup loops) also run in plain unit tests and in the stack helper's code.
 */
import { asyncLocalStorage } from '@temporalio/activity';

/** Records progress (plain JSON: counts and names, never contents) when running as an activity. */
export function heartbeat(details?: unknown): void {
  asyncLocalStorage.getStore()?.heartbeat(details);
}

/** The activity's cancellation signal, for the SDK's `abortSignal`; undefined outside an activity. */
export function activitySignal(): AbortSignal | undefined {
  return asyncLocalStorage.getStore()?.cancellationSignal;
}
