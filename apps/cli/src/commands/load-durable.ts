import type { runDurable } from '../durable/run-durable.js';

/**
 * The durable machinery (Temporal client, spinner, workflow contract) on first use, so the offline
 * commands start without loading it.
 */
export async function loadRunDurable(): Promise<typeof runDurable> {
  return (await import('../durable/run-durable.js')).runDurable;
}
