/**
 * The sandbox in-process, for tests and the e2e suite: moto and Temporal as child processes of
 * the caller, the pacing proxy inside it, the account seeded. `stop()` ends all of it; so does the
 * caller's exit.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePythonTools } from '../install.mjs';
import { ensureKubeBinaries } from '@kube-aws/machines/kube-install';
import type { KubeBinaries } from '@kube-aws/machines/kube-install';
import { SANDBOX_ACCOUNT, SANDBOX_CREDENTIALS, SANDBOX_REGION } from './account.js';
import { SandboxControl } from './control-client.js';
import type { FailureOptions, FaultOptions, MachineClusterView, PaceSettings } from './control-client.js';
import { writeSandboxKubeconfig } from '@kube-aws/machines';
import { ClusterMachines } from '@kube-aws/machines';
import { machineLog } from '@kube-aws/machines';
import { resetMoto, startMoto, waitForMoto } from './moto.js';
import { freePort, stopChild } from '@kube-aws/machines/processes';
import { PacingProxy } from './proxy/server.js';
import { sandboxEnv } from './sandbox-env.js';
import { seedAccount } from './seed.js';
import { startTemporal, waitForTemporal } from './temporal.js';

export interface SandboxOptions {
  /** Ports to listen on; 0 or absent picks a free one (what tests want). */
  readonly ports?: { readonly moto?: number; readonly proxy?: number; readonly temporal?: number; readonly temporalUi?: number };
  /** Each resource's create/update/delete time (default 3000). */
  readonly paceMs?: number;
  /** How long a change set is being created (default: paceMs, at most 1000). */
  readonly changeSetPaceMs?: number;
  readonly eventPageSize?: number;
  /** Start Temporal's dev server too (default true). */
  readonly temporal?: boolean;
  /** Where logs, the AMI list and Temporal's database go; default a temp dir that stop() removes. */
  readonly stateDir?: string;
  /**
   * Play the machines of every kube-aws stack that completes: a real control plane booted from the
   * controller's user data, a node agent per instance (machines/). Default false: it costs a
   * control plane per stack, and most tests only need AWS.
   */
  readonly machines?: boolean;
}

export interface Sandbox {
  /** The proxy: give it to the AWS SDK as AWS_ENDPOINT_URL. */
  readonly awsEndpoint: string;
  /** moto itself, unpaced (for checks behind the proxy's back). */
  readonly motoUrl: string;
  readonly temporalAddress: string | undefined;
  readonly temporalUiUrl: string | undefined;
  /** The seeded KMS key (a new one after reset()). */
  readonly kmsKeyArn: string;
  readonly account: string;
  readonly region: string;
  readonly stateDir: string;
  readonly control: SandboxControl;
  /** AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID/SECRET, TEMPORAL_ADDRESS/NAMESPACE, KUBE_AWS_KMS_KEY_ARN, KUBE_AWS_TEMPORAL_UI, KUBE_AWS_API_ENDPOINTS. */
  env(): Record<string, string>;
  /** With `machines`: the control-plane binaries (kubectl included). */
  readonly kube: KubeBinaries | undefined;
  /** With `machines`: the clusters whose machines run, and their nodes. */
  machines(): Promise<MachineClusterView[]>;
  /** Stops (`paused`, the default) or restarts a node's kubelet heartbeats. */
  pauseNode(nodeName: string, paused?: boolean): Promise<void>;
  /** Writes `<clusterDir>/kubeconfig.sandbox` (loopback server, same names and credentials); undefined until its API server runs. */
  sandboxKubeconfig(clusterDir: string): string | undefined;
  setPace(paceMs: number | PaceSettings): Promise<void>;
  failResource(stackName: string, logicalId: string, reason?: string, options?: FailureOptions): Promise<void>;
  addFault(action: string, options?: FaultOptions): Promise<void>;
  /** Forgets the proxy's stacks, failures and faults (AWS state stays). */
  clear(): Promise<void>;
  /** Wipes AWS (moto reset), re-seeds, and clears the proxy. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const tools = ensurePythonTools();
  const ownDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'kube-aws-sandbox-'));
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const withTemporal = options.temporal ?? true;
  const paceMs = options.paceMs ?? 3000;

  const children: ChildProcess[] = [];
  const killOnExit = (): void => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', killOnExit);
  let proxy: PacingProxy | undefined;
  let machines: ClusterMachines | undefined;
  const stopAll = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await machines?.stop();
    await proxy?.close();
    await Promise.all(children.map((c) => stopChild(c)));
    if (ownDir) rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    const motoPort = options.ports?.moto || (await freePort(HOST));
    const motoUrl = `http://${HOST}:${motoPort}`;
    const motoLog = join(stateDir, 'logs', 'moto.log');
    const moto = startMoto({ python: tools.python, host: HOST, port: motoPort, stateDir, logFile: motoLog });
    children.push(moto);

    let temporalAddress: string | undefined;
    let temporalUiUrl: string | undefined;
    let temporalReady: Promise<void> = Promise.resolve();
    if (withTemporal) {
      const port = options.ports?.temporal || (await freePort(HOST));
      const uiPort = options.ports?.temporalUi || (await freePort(HOST));
      const logFile = join(stateDir, 'logs', 'temporal.log');
      const dbFile = join(stateDir, 'temporal.db');
      const child = startTemporal({ temporal: tools.temporal, host: HOST, port, uiPort, dbFile, logFile });
      children.push(child);
      temporalAddress = `${HOST}:${port}`;
      temporalUiUrl = `http://${HOST}:${uiPort}`;
      temporalReady = waitForTemporal(tools.temporal, temporalAddress, logFile, child);
    }
    // moto and Temporal start side by side: the cold start is the slower of the two, not the sum.
    await Promise.all([waitForMoto(motoUrl, motoLog, moto), temporalReady]);

    proxy = new PacingProxy({
      motoUrl,
      host: HOST,
      port: options.ports?.proxy ?? 0,
      settings: {
        paceMs,
        changeSetPaceMs: options.changeSetPaceMs ?? Math.min(paceMs, 1000),
        ...(options.eventPageSize ? { eventPageSize: options.eventPageSize } : {}),
      },
    });
    const awsEndpoint = await proxy.listen();
    const control = new SandboxControl(awsEndpoint);
    let kmsKeyArn = (await seedAccount(motoUrl)).kmsKeyArn;
    const kube = options.machines ? ensureKubeBinaries() : undefined;
    const apiEndpointsFile = join(stateDir, 'api-endpoints.json');
    if (kube) {
      machines = new ClusterMachines({
        motoUrl,
        proxyUrl: awsEndpoint,
        region: SANDBOX_REGION,
        dir: join(stateDir, 'machines'),
        endpointsFile: apiEndpointsFile,
        binaries: () => kube,
        awsCli: () => tools.aws,
        credentials: SANDBOX_CREDENTIALS,
        log: machineLog(join(stateDir, 'logs', 'machines.log')),
      });
      proxy.machines = machines;
      machines.start();
    }

    return {
      awsEndpoint,
      motoUrl,
      temporalAddress,
      temporalUiUrl,
      get kmsKeyArn() {
        return kmsKeyArn;
      },
      account: SANDBOX_ACCOUNT,
      region: SANDBOX_REGION,
      stateDir,
      control,
      env: () =>
        sandboxEnv({
          awsEndpoint,
          kmsKeyArn,
          ...(temporalAddress ? { temporalAddress } : {}),
          ...(temporalUiUrl ? { temporalUiUrl } : {}),
          ...(kube ? { apiEndpointsFile } : {}),
        }),
      kube,
      machines: async () => (await control.machines()).clusters,
      pauseNode: (nodeName, paused = true) => control.pauseNode(nodeName, paused),
      sandboxKubeconfig: (clusterDir) => writeSandboxKubeconfig(clusterDir, apiEndpointsFile),
      setPace: async (p) => {
        await control.setPace(typeof p === 'number' ? { paceMs: p } : p);
      },
      failResource: async (stackName, logicalId, reason, opts) => {
        await control.failResource(stackName, logicalId, reason, opts);
      },
      addFault: async (action, opts) => {
        await control.addFault(action, opts);
      },
      clear: () => control.clear(),
      reset: async () => {
        await resetMoto(motoUrl);
        await control.clear();
        kmsKeyArn = (await seedAccount(motoUrl)).kmsKeyArn;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
