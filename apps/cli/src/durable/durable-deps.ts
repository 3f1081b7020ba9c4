/**
 * Everything a durable command reaches outside the process, in one replaceable object: Temporal,
 * the AWS account lookup, the S3 push, Ctrl-C, time. `runCli(argv, { durable })` swaps any of them,
 * so tests drive the real commands against a fake Temporal boundary, with no waiting.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { PushReport, PushTarget } from './push-assets.js';
import type { TemporalSession } from './temporal-session.js';
import type { TemporalSettings } from './temporal-settings.js';

export interface DurableDeps {
  connect(settings: TemporalSettings): Promise<TemporalSession>;
  resolveAccount(region: string): Promise<string>;
  pushAssets(dir: string, target: PushTarget): Promise<PushReport>;
  /** Subscribes to Ctrl-C while following a workflow; returns the unsubscribe function. */
  onInterrupt(listener: () => void): () => void;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** A fresh random token per CLI invocation (memo marker, read-only workflow ID nonce). */
  newInvocation(): string;
  /** How long to look for a worker on the task queue before refusing. */
  readonly workerWaitMs: number;
  readonly workerPollIntervalMs: number;
  /** How often the `progress` query is asked. */
  readonly progressIntervalMs: number;
  /** Spinner or plain lines; by default a spinner exactly when stderr is a terminal. */
  readonly tty?: boolean;
}

function onSigint(listener: () => void): () => void {
  // `once`: a second Ctrl-C, after the handler is gone, kills the process the ordinary way.
  process.once('SIGINT', listener);
  return () => void process.removeListener('SIGINT', listener);
}

// The real implementations are imported on first use: the Temporal client and the AWS SDK take
// seconds to load, and init, render, validate --offline and version need neither.
export const defaultDurableDeps: DurableDeps = {
  connect: async (settings) => (await import('./connect-temporal.js')).connectTemporal(settings),
  resolveAccount: async (region) => (await import('./aws-account.js')).resolveAwsAccount(region),
  pushAssets: async (dir, target) => (await import('./push-assets.js')).pushAssetsToS3(dir, target),
  onInterrupt: onSigint,
  sleep: (ms) => delay(ms),
  now: () => Date.now(),
  newInvocation: () => randomUUID(),
  workerWaitMs: 3_000,
  workerPollIntervalMs: 500,
  progressIntervalMs: 1_000,
};
