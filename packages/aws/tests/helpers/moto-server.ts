/**
 * A real moto server for one test file: started on a free port, with Flatcar AMIs owned by
 * Flatcar's account (MOTO_AMIS_PATH, as the sandbox seeds them), and the process environment
 * pointed at it the standard way (AWS_ENDPOINT_URL), so the code under test builds its clients
 * exactly as on real AWS. Fails, never skips, when moto is not installed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients } from '../../src/clients.js';
import type { AwsClients } from '../../src/clients.js';
import { FLATCAR_OWNER_ID } from '../../src/images/flatcar-images.js';
import { freePort } from './free-port.js';

export const MOTO_ACCOUNT = '123456789012';

export interface FlatcarAmi {
  readonly id: string;
  readonly name: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly created: string;
  readonly owner?: string;
}

/** The sandbox's releases: an older stable so "newest wins" can be got wrong. */
export const FLATCAR_AMIS: readonly FlatcarAmi[] = [
  { id: 'ami-0f1a7ca4459021000', name: 'Flatcar-stable-4459.2.1-hvm', architecture: 'x86_64', created: '2026-10-28T12:00:00.000Z' },
  { id: 'ami-0f1a7ca4459021a64', name: 'Flatcar-stable-4459.2.1-arm64-hvm', architecture: 'arm64', created: '2026-10-28T12:00:00.000Z' },
  { id: 'ami-0f1a7ca4230024000', name: 'Flatcar-stable-4230.2.4-hvm', architecture: 'x86_64', created: '2026-03-10T12:00:00.000Z' },
  { id: 'ami-0f1a7ca4487010000', name: 'Flatcar-beta-4487.1.0-hvm', architecture: 'x86_64', created: '2026-11-04T12:00:00.000Z' },
  // Same name pattern, another owner: a lookup that forgets the owner filter picks this one.
  { id: 'ami-0badbad4999000000', name: 'Flatcar-stable-4999.0.0-hvm', architecture: 'x86_64', created: '2026-12-01T12:00:00.000Z', owner: '999999999999' },
];

export interface MotoServer {
  readonly endpoint: string;
  clients(region?: string): AwsClients;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function motoServerPath(): string {
  const cache = process.env['KUBE_AWS_CACHE'] ?? join(homedir(), '.cache', 'kube-aws');
  return join(cache, 'venv', 'bin', 'moto_server');
}


async function waitUntilUp(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer at ${endpoint}:\n${output()}`);
}

export async function startMoto(options: { amis?: readonly FlatcarAmi[] } = {}): Promise<MotoServer> {
  const bin = motoServerPath();
  if (!existsSync(bin)) {
    throw new Error(
      `moto_server not found at ${bin}. Install it with: python3 -m venv ~/.cache/kube-aws/venv && ` +
        '~/.cache/kube-aws/venv/bin/pip install "moto[server]==5.2.5" (or run `npm test` at the repository root, which installs it)',
    );
  }
  const work = await mkdtemp(join(tmpdir(), 'kube-aws-moto-'));
  const amisPath = join(work, 'amis.json');
  const amis = (options.amis ?? FLATCAR_AMIS).map((a) => ({
    ami_id: a.id,
    name: a.name,
    description: `Flatcar Container Linux ${a.name}`,
    owner_id: a.owner ?? FLATCAR_OWNER_ID,
    public: true,
    virtualization_type: 'hvm',
    architecture: a.architecture,
    state: 'available',
    platform: null,
    image_type: 'machine',
    hypervisor: 'xen',
    root_device_name: '/dev/xvda',
    root_device_type: 'ebs',
    sriov: 'simple',
    creation_date: a.created,
    tags: {},
  }));
  await writeFile(amisPath, JSON.stringify(amis));

  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_AMIS_PATH: amisPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitUntilUp(endpoint, child, () => log);

  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-west-1',
  });
  delete process.env['AWS_PROFILE'];

  return {
    endpoint,
    clients: (region = 'us-west-1') => createAwsClients({ region }),
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(work, { recursive: true, force: true });
    },
  };
}
