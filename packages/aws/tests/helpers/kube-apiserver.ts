/**
 * A real control plane for one test file: etcd (plain http on loopback, random ports) and
 * kube-apiserver from `ensureKubeBinaries()`, serving a rendered cluster directory's credentials
 * (credentials/apiserver.pem, the cluster CA as --client-ca-file, the service-account keys), with
 * Node,RBAC authorization and NodeRestriction as on a real controller. Started on 127.0.0.1 at a
 * random port; reached with TLS verification on, as `verify` reaches it. Fails, never skips, when
 * the binaries cannot be built.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';


/** What tools/machines/kube-install.mjs prints (its KubeBinaries). */
export interface KubeBinaries {
  readonly version: string;
  readonly kubeApiserver: string;
  readonly kubectl: string;
  readonly etcd: string;
}

/**
 * The installer, run as the repository's tools run it. A child process rather than an import: the
 * layering lint keeps packages from importing tools/, and the installer is plain Node anyway.
 */
const KUBE_INSTALL = fileURLToPath(new URL('../../../../tools/machines/kube-install.mjs', import.meta.url));

export interface RunningApiServer {
  readonly port: number;
  /** `127.0.0.1:PORT`, as KUBE_AWS_API_ENDPOINTS maps it. */
  readonly endpoint: string;
  readonly binaries: KubeBinaries;
  /** The last lines both processes printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  /** A rendered cluster directory (credentials/…). */
  readonly clusterDir: string;
  /** The name the server certificate is checked for while waiting for /readyz (the cluster's externalDNSName). */
  readonly serverName: string;
  /** kube-aws's serviceCIDR (cluster.yaml default). */
  readonly serviceCidr?: string;
}

/** The binaries, or an error saying how to get them (the test fails with it). */
export function kubeBinaries(): KubeBinaries {
  // Builds on first use (10–20 min, progress on stderr), then answers from the cache at once.
  const run = spawnSync(process.execPath, [KUBE_INSTALL], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  try {
    if (run.status !== 0) throw new Error(`exit ${run.status ?? run.signal}${run.error ? `: ${run.error.message}` : ''}`);
    return JSON.parse(run.stdout) as KubeBinaries;
  } catch (error) {
    throw new Error(
      `kube-apiserver and etcd are needed for this test and could not be built (${(error as Error).message}; the reason is printed above).\n` +
        'Build them with: node tools/machines/kube-install.mjs (needs Go 1.26+ and the Go module proxy; ~15 min the first time, cached under ~/.cache/kube-aws/kube).',
    );
  }
}


class Proc {
  private tail = '';
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.tail = (this.tail + chunk.toString()).slice(-6000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  get log(): string {
    return `--- ${this.name} ---\n${this.tail}`;
  }
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

function start(name: string, bin: string, args: readonly string[]): Proc {
  return new Proc(name, spawn(bin, [...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
}

async function waitFor(what: string, proc: Proc, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exited) throw new Error(`${what}: ${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode})\n${proc.log}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000}s\n${proc.log}`);
}

/** GET https://127.0.0.1:PORT/readyz as the admin, verifying the server for `serverName`. */
async function readyz(port: number, dir: string, serverName: string): Promise<boolean> {
  const [ca, cert, key] = await Promise.all(['ca.pem', 'admin.pem', 'admin-key.pem'].map((f) => readFile(join(dir, 'credentials', f))));
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', servername: serverName, ca, cert, key, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const binaries = kubeBinaries();
  const work = await mkdtemp(join(tmpdir(), 'kube-aws-apiserver-'));
  const creds = (file: string): string => join(options.clusterDir, 'credentials', file);
  const [etcdPort, peerPort, port] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const procs: Proc[] = [];
  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse()) await p.stop();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const etcd = start('etcd', binaries.etcd, [
      '--name=test',
      `--data-dir=${join(work, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=test=${peerUrl}`,
      '--log-level=warn',
    ]);
    procs.push(etcd);
    await waitFor('etcd', etcd, async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000);

    const apiserver = start('kube-apiserver', binaries.kubeApiserver, [
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      `--cert-dir=${join(work, 'certs')}`,
      `--client-ca-file=${creds('ca.pem')}`,
      `--tls-cert-file=${creds('apiserver.pem')}`,
      `--tls-private-key-file=${creds('apiserver-key.pem')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${creds('service-account.pub')}`,
      `--service-account-signing-key-file=${creds('service-account-key.pem')}`,
      `--service-cluster-ip-range=${options.serviceCidr ?? '10.3.0.0/24'}`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--allow-privileged=true',
      `--etcd-servers=${etcdUrl}`,
      '--v=0',
    ]);
    procs.push(apiserver);
    await waitFor('kube-apiserver /readyz', apiserver, () => readyz(port, options.clusterDir, options.serverName), 120_000);
  } catch (error) {
    const logs = procs.map((p) => p.log).join('\n');
    await stop();
    throw error instanceof Error && error.message.includes('---') ? error : new Error(`${(error as Error).message}\n${logs}`);
  }
  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    binaries,
    log: () => procs.map((p) => p.log).join('\n'),
    stop,
  };
}
