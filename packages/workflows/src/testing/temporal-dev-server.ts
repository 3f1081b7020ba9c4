/**
 * {@link startDevServer}: a real Temporal dev server for tests (the pinned `temporal` CLI from the
 * project's tool cache, never a download), with kube-aws's search attributes registered.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_KEYS } from '../search-attributes.js';

/** The `temporal` CLI `tools/sandbox/install.mjs` installs (KUBE_AWS_CACHE moves the cache). */
export function temporalCliPath(): string {
  const cache = process.env.KUBE_AWS_CACHE ?? join(homedir(), '.cache', 'kube-aws');
  return process.env.KUBE_AWS_TEMPORAL_CLI ?? join(cache, 'venv', 'bin', 'temporal');
}

let runtimeInstalled = false;

/**
 * Makes the SDK log errors only. Its INFO and WARN lines (bundle sizes, worker states, every
 * failure a test provokes on purpose) drown test output. Call before any worker or connection.
 */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      // The Rust core logs to the console on its own (an expected non-determinism, say) unless told otherwise.
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // The process already made its Runtime (a test that created one itself): keep that one.
  }
}

/** Starts the dev server on a free port; call `teardown()` on the result when done. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const path = temporalCliPath();
  if (!existsSync(path)) {
    throw new Error(`The Temporal CLI is not installed at ${path}. Install it with: node tools/sandbox/install.mjs`);
  }
  installQuietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
      searchAttributes: [...SEARCH_ATTRIBUTE_KEYS],
    },
  });
}
