/**
 * The proxy as its own process (what `npm run sandbox -- up` starts, detached):
 *   SANDBOX_MOTO_URL (required), SANDBOX_PROXY_PORT (default 4566), SANDBOX_PROXY_HOST
 *   (default 127.0.0.1), and the pacing settings of settings.ts. With SANDBOX_MACHINES_DIR and
 *   SANDBOX_API_ENDPOINTS it also plays the machines of the stacks it paces (machines/).
 */
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from '../account.js';
import type { ClusterMachines } from '@kube-aws/machines';
import { PacingProxy } from './server.js';
import { failuresFromEnv, faultsFromEnv, settingsFromEnv } from './settings.js';

async function main(): Promise<void> {
  const motoUrl = process.env['SANDBOX_MOTO_URL'];
  if (!motoUrl) throw new Error('SANDBOX_MOTO_URL is not set: the proxy needs moto’s URL (e.g. http://127.0.0.1:4567)');
  const proxy = new PacingProxy({
    motoUrl,
    host: process.env['SANDBOX_PROXY_HOST'] ?? '127.0.0.1',
    port: Number(process.env['SANDBOX_PROXY_PORT'] ?? 4566),
    settings: settingsFromEnv(),
    failures: failuresFromEnv(),
    faults: faultsFromEnv(),
  });
  const url = await proxy.listen();
  process.stdout.write(`sandbox proxy on ${url} → moto ${motoUrl}; ${JSON.stringify(proxy.state.settings)}\n`);
  const machinesDir = process.env['SANDBOX_MACHINES_DIR'];
  const endpointsFile = process.env['SANDBOX_API_ENDPOINTS'];
  let machines: ClusterMachines | undefined;
  if (machinesDir && endpointsFile) {
    // Loaded only when asked for: a proxy without machines needs none of their dependencies.
    const { ensureKubeBinaries } = await import('@kube-aws/machines/kube-install');
    const { ensurePythonTools } = await import('../../install.mjs');
    const { ClusterMachines } = await import('@kube-aws/machines');
    const { machineLog } = await import('@kube-aws/machines');
    const kube = ensureKubeBinaries();
    machines = new ClusterMachines({
      motoUrl,
      proxyUrl: url,
      region: SANDBOX_REGION,
      dir: machinesDir,
      endpointsFile,
      binaries: () => kube,
      awsCli: () => ensurePythonTools().aws,
      credentials: SANDBOX_CREDENTIALS,
      log: machineLog(join(machinesDir, 'machines.log')),
    });
    proxy.machines = machines;
    machines.start();
  }
  const stop = (): void => {
    void (machines?.stop() ?? Promise.resolve()).then(() => proxy.close()).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox proxy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
