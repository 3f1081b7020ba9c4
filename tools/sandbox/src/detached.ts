/**
 * The sandbox as background processes that outlive the command that started them (`npm run
 * sandbox -- up|down|status|reset`): moto, the proxy (its own Node process) and Temporal, each
 * recorded in state.json. `up` is idempotent: what runs is kept, what does not is started, and
 * the account is (re)seeded either way.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonTools } from '../install.mjs';
import { ensureKubeBinaries } from '@kube-aws/machines/kube-install';
import { SandboxControl } from './control-client.js';
import { PortInUseError, SandboxNotRunningError } from './errors.js';
import { motoReady, resetMoto, startMoto, waitForMoto } from './moto.js';
import { isOurs, portOpen, spawnService, stopPid, waitUntilReady } from '@kube-aws/machines/processes';
import { failuresFromEnv, faultsFromEnv, settingsFromEnv } from './proxy/settings.js';
import { logsDir, readState, removeState, sandboxDir, writeState } from './state.js';
import type { ProcessEntry, SandboxState } from './state.js';
import { startTemporal, temporalHealthy, waitForTemporal } from './temporal.js';

const HOST = '127.0.0.1';
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PROXY_MAIN = fileURLToPath(new URL('./proxy/main.ts', import.meta.url));
export const CORE_SERVICES = ['moto', 'proxy', 'temporal'] as const;
const MARKERS: Record<string, string> = { moto: 'launch.py', proxy: 'proxy/main.ts', temporal: 'start-dev' };

export interface Ports {
  readonly moto: number;
  readonly proxy: number;
  readonly temporal: number;
  readonly temporalUi: number;
}

export function portsFromEnv(env: NodeJS.ProcessEnv): Ports {
  const port = (name: string, fallback: number): number => Number(env[name] ?? fallback);
  return {
    moto: port('SANDBOX_MOTO_PORT', 4567),
    proxy: port('SANDBOX_PROXY_PORT', 4566),
    temporal: port('SANDBOX_TEMPORAL_PORT', 7233),
    temporalUi: port('SANDBOX_TEMPORAL_UI_PORT', 8233),
  };
}

function entry(pid: number | undefined, name: string, port: number): ProcessEntry {
  if (pid === undefined) throw new Error(`could not start ${name}`);
  return { pid, marker: MARKERS[name] ?? '', port, startedAt: new Date().toISOString() };
}

async function ensurePortFree(service: string, port: number, envVar: string): Promise<void> {
  if (await portOpen(port, HOST)) throw new PortInUseError(service, port, envVar);
}

export interface UpResult {
  readonly state: SandboxState;
  /** Services started by this call (empty: everything was already up). */
  readonly started: readonly string[];
}

export async function sandboxUp(env: NodeJS.ProcessEnv = process.env): Promise<UpResult> {
  const tools = ensurePythonTools(env);
  const dir = sandboxDir(env);
  const logs = logsDir(env);
  const ports = portsFromEnv(env);
  const old = readState(env);
  const processes: Record<string, ProcessEntry> = { ...old.processes };
  const started: string[] = [];
  const running = (name: string): boolean => {
    const p = processes[name];
    return p !== undefined && isOurs(p.pid, p.marker);
  };

  const motoUrl = running('moto') && old.motoUrl ? old.motoUrl : `http://${HOST}:${ports.moto}`;
  const ensureMoto = async (): Promise<void> => {
    if (running('moto') && (await motoReady(motoUrl))) return;
    await ensurePortFree('moto', ports.moto, 'SANDBOX_MOTO_PORT');
    const logFile = join(logs, 'moto.log');
    const child = startMoto({ python: tools.python, host: HOST, port: ports.moto, stateDir: dir, logFile, detached: true });
    processes['moto'] = entry(child.pid, 'moto', ports.moto);
    await waitForMoto(motoUrl, logFile, child);
    started.push('moto');
  };

  // The proxy plays the stacks' machines unless SANDBOX_MACHINES=0; their binaries are built here,
  // before it starts, so a first build never stalls the proxy's event loop.
  const withMachines = env['SANDBOX_MACHINES'] !== '0';
  if (withMachines) ensureKubeBinaries(env);
  const apiEndpointsFile = withMachines ? join(dir, 'api-endpoints.json') : undefined;
  const awsEndpoint = running('proxy') && old.awsEndpoint ? old.awsEndpoint : `http://${HOST}:${ports.proxy}`;
  const control = new SandboxControl(awsEndpoint);
  const ensureProxy = async (): Promise<void> => {
    if (running('proxy') && (await control.healthy())) return;
    await ensurePortFree('the pacing proxy', ports.proxy, 'SANDBOX_PROXY_PORT');
    const logFile = join(logs, 'proxy.log');
    const child = spawnService({
      name: 'proxy',
      command: process.execPath,
      args: ['--import', 'tsx', PROXY_MAIN],
      cwd: REPO_ROOT,
      env: {
        ...env,
        SANDBOX_MOTO_URL: motoUrl,
        SANDBOX_PROXY_HOST: HOST,
        SANDBOX_PROXY_PORT: String(ports.proxy),
        ...(apiEndpointsFile ? { SANDBOX_MACHINES_DIR: join(dir, 'machines'), SANDBOX_API_ENDPOINTS: apiEndpointsFile } : {}),
      },
      logFile,
      detached: true,
    });
    processes['proxy'] = entry(child.pid, 'proxy', ports.proxy);
    await waitUntilReady('the pacing proxy', () => control.healthy(), { child, logFile, timeoutMs: 30_000, hint: 'Check that the port is free' });
    started.push('proxy');
  };

  const keepTemporal = running('temporal') && old.temporalAddress !== undefined && old.temporalUiUrl !== undefined;
  const temporalAddress = keepTemporal && old.temporalAddress ? old.temporalAddress : `${HOST}:${ports.temporal}`;
  const temporalUiUrl = keepTemporal && old.temporalUiUrl ? old.temporalUiUrl : `http://${HOST}:${ports.temporalUi}`;
  const ensureTemporal = async (): Promise<void> => {
    if (running('temporal') && (await temporalHealthy(tools.temporal, temporalAddress))) return;
    await ensurePortFree('Temporal', ports.temporal, 'SANDBOX_TEMPORAL_PORT');
    await ensurePortFree('the Temporal UI', ports.temporalUi, 'SANDBOX_TEMPORAL_UI_PORT');
    const logFile = join(logs, 'temporal.log');
    // The database lives beside state.json and survives down/up: workflow history outlives a server restart.
    const dbFile = join(dir, 'temporal.db');
    const child = startTemporal({ temporal: tools.temporal, host: HOST, port: ports.temporal, uiPort: ports.temporalUi, dbFile, logFile, detached: true });
    processes['temporal'] = entry(child.pid, 'temporal', ports.temporal);
    await waitForTemporal(tools.temporal, temporalAddress, logFile, child);
    started.push('temporal');
  };

  // All three side by side (the proxy needs moto only when a request comes): the slowest sets the time.
  const results = await Promise.allSettled([ensureMoto(), ensureProxy(), ensureTemporal()]);
  // Record whatever did start, so `down` can stop it even when another part failed.
  writeState({ ...old, processes }, env);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  if (!started.includes('proxy')) {
    // A fresh moto has none of the stacks the running proxy paced.
    if (started.includes('moto')) await control.clear();
    // Settings given now apply to the running proxy too.
    if (env['SANDBOX_PACE_MS'] || env['SANDBOX_CHANGE_SET_PACE_MS'] || env['SANDBOX_EVENT_PAGE_SIZE']) await control.setPace(settingsFromEnv(env));
    for (const f of failuresFromEnv(env)) await control.failResource(f.stackName, f.logicalId, f.reason);
    for (const f of faultsFromEnv(env)) await control.addFault(f.action, { kind: f.kind, count: f.remaining });
  }

  const { seedAccount } = await import('./seed.js');
  const { kmsKeyArn } = await seedAccount(motoUrl);
  const state: SandboxState = { processes, motoUrl, awsEndpoint, temporalAddress, temporalUiUrl, kmsKeyArn, ...(apiEndpointsFile ? { apiEndpointsFile } : {}) };
  writeState(state, env);
  return { state, started };
}

export interface ServiceStatus {
  readonly name: string;
  readonly pid?: number;
  readonly running: boolean;
}

export function sandboxStatus(env: NodeJS.ProcessEnv = process.env): { state: SandboxState; services: ServiceStatus[] } {
  const state = readState(env);
  const names = [...CORE_SERVICES, ...Object.keys(state.processes).filter((n) => !(CORE_SERVICES as readonly string[]).includes(n))];
  const services = names.map((name) => {
    const p = state.processes[name];
    return { name, ...(p ? { pid: p.pid } : {}), running: p !== undefined && isOurs(p.pid, p.marker) };
  });
  return { state, services };
}

/** Stops everything state.json lists (registered extras first, moto last); keeps Temporal's database. */
export async function sandboxDown(env: NodeJS.ProcessEnv = process.env): Promise<ServiceStatus[]> {
  const { state, services } = sandboxStatus(env);
  const order = [...services.filter((s) => !(CORE_SERVICES as readonly string[]).includes(s.name)), ...services.filter((s) => s.name === 'proxy'), ...services.filter((s) => s.name === 'temporal'), ...services.filter((s) => s.name === 'moto')];
  for (const s of order) {
    const p = state.processes[s.name];
    if (p && s.running) await stopPid(p.pid);
  }
  removeState(env);
  return order;
}

function requireUp(env: NodeJS.ProcessEnv, needed: readonly string[]): SandboxState {
  const { state, services } = sandboxStatus(env);
  const missing = services.filter((s) => needed.includes(s.name) && !s.running).map((s) => s.name);
  if (missing.length > 0) throw new SandboxNotRunningError(missing);
  return state;
}

/** Wipes AWS state (moto reset), forgets the proxy's stacks, and re-seeds. */
export async function sandboxReset(env: NodeJS.ProcessEnv = process.env): Promise<SandboxState> {
  const state = requireUp(env, ['moto', 'proxy']);
  const motoUrl = state.motoUrl as string;
  await resetMoto(motoUrl);
  await new SandboxControl(state.awsEndpoint as string).clear();
  const { seedAccount } = await import('./seed.js');
  const { kmsKeyArn } = await seedAccount(motoUrl);
  const next = { ...state, kmsKeyArn };
  writeState(next, env);
  return next;
}

export function upState(env: NodeJS.ProcessEnv = process.env): SandboxState {
  return requireUp(env, ['moto', 'proxy', 'temporal']);
}
