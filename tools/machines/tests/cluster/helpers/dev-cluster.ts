/**
 * A rendered kube-aws cluster running on loopback for the machine tests, without moto: `kube-aws
 * init` + `render` in a temp dir, node roots built from userdata/*.ign (data: URLs decoded) plus
 * the role's TLS assets from credentials/ (what the decrypt unit would leave in pki/) and, on the
 * controller, the EncryptionConfiguration its encryption-config unit would build from the key (a
 * sandbox machine runs that unit itself), and the lead's startControlPlane on
 * the controller root (real etcd with TLS, kube-apiserver, kube-controller-manager,
 * kube-scheduler, with the rendered flags).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { ENCRYPTION_CONFIG_PATH, SECRETS_ENCRYPTION_KEY_PATH, decodeDataUrl, encryptionConfigurationYaml, nodeAssetNames } from '@kube-aws/render';
import type { IgnitionConfig } from '@kube-aws/render';

import { ensureKubeBinaries } from '../../../kube-install.mjs';
import type { KubeBinaries } from '../../../kube-install.mjs';
import { startControlPlane } from '../../../src/cluster/control-plane.js';
import type { ControlPlane } from '../../../src/cluster/control-plane.js';
import { writeAdminKubeconfig } from '../../../src/testing/index.js';
import { runKubectl } from '../../../src/testing/index.js';
import type { KubectlResult } from '../../../src/testing/index.js';
import type { NodeInstance } from '../../../src/cluster/machine-types.js';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const CLI = join(REPO, 'apps/cli/bin/kube-aws.mjs');
export const REGION = 'us-west-1';
export const ZONE = 'us-west-1c';
export const EXTERNAL_NAME = 'c1.example.com';

export function nodeName(ip: string): string {
  return `ip-${ip.replace(/\./g, '-')}.${REGION}.compute.internal`;
}

export function instance(ip: string, n: number, instanceType = 't3.medium'): NodeInstance {
  return { instanceId: `i-0${String(n).padStart(16, '0')}`, privateIp: ip, availabilityZone: ZONE, instanceType, region: REGION };
}

export interface DevCluster {
  readonly dir: string;
  readonly clusterDir: string;
  readonly controllerRoot: string;
  readonly controlPlane: ControlPlane;
  readonly binaries: KubeBinaries;
  /** The user's admin kubeconfig, pointed at the loopback port (server name still the external DNS name). */
  readonly adminKubeconfig: string;
  /** A fresh node root for a worker (its own copy of worker.ign's files and the worker assets). */
  workerRoot(name: string): string;
  kubectl(args: readonly string[]): Promise<KubectlResult>;
  /** Applies the addons as the admin, then labels and cordons the controller once it registered (the addons unit's work). */
  applyAddons(controller: string): Promise<void>;
  stop(): Promise<void>;
}

function cli(cwd: string, args: readonly string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kube-aws ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Writes a role's Ignition files and TLS assets under `root`, as Ignition and the decrypt unit would. */
export function buildNodeRoot(clusterDir: string, role: 'controller' | 'worker', root: string): string {
  const ign = JSON.parse(readFileSync(join(clusterDir, 'userdata', `${role}.ign`), 'utf8')) as IgnitionConfig;
  for (const file of ign.storage?.files ?? []) {
    const source = file.contents?.source;
    if (!source?.startsWith('data:')) continue; // the Kubernetes sysext download
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, decodeDataUrl(source, file.contents?.compression));
    chmodSync(target, file.mode ?? 0o644);
  }
  const pki = join(root, 'etc/kubernetes/pki');
  mkdirSync(pki, { recursive: true });
  for (const name of nodeAssetNames(role)) {
    copyFileSync(join(clusterDir, 'credentials', name), join(pki, name));
    chmodSync(join(pki, name), 0o600);
  }
  if (role === 'controller') {
    const key = readFileSync(join(root, SECRETS_ENCRYPTION_KEY_PATH), 'utf8').trim();
    writeFileSync(join(root, ENCRYPTION_CONFIG_PATH), encryptionConfigurationYaml(key), { mode: 0o600 });
  }
  return root;
}

/**
 * Replaces a node root's bootstrap credential (pki/worker.pem, worker-key.pem) with one of the same
 * subject signed by a CA the cluster has never seen.
 */
export function foreignBootstrapCredential(root: string): void {
  const keyPair = (): { pub: forge.pki.PublicKey; priv: forge.pki.rsa.PrivateKey; privPem: string } => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()), priv: forge.pki.privateKeyFromPem(privPem), privPem };
  };
  const cert = (subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], pub: forge.pki.PublicKey, signer: forge.pki.rsa.PrivateKey, ca: boolean) => {
    const c = forge.pki.createCertificate();
    c.publicKey = pub;
    c.serialNumber = `0${randomBytes(8).toString('hex')}`;
    c.validity.notBefore = new Date(Date.now() - 60_000);
    c.validity.notAfter = new Date(Date.now() + 86_400_000);
    c.setSubject(subject);
    c.setIssuer(issuer);
    c.setExtensions(ca ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true }] : [{ name: 'extKeyUsage', clientAuth: true }]);
    c.sign(signer, forge.md.sha256.create());
    return forge.pki.certificateToPem(c);
  };
  const caKeys = keyPair();
  const caName = [{ name: 'commonName', value: 'some-other-ca' }];
  const leafKeys = keyPair();
  const leaf = cert(
    [
      { name: 'organizationName', value: 'system:bootstrappers' },
      { name: 'commonName', value: 'system:bootstrap:kube-aws-worker' },
    ],
    caName,
    leafKeys.pub,
    caKeys.priv,
    false,
  );
  writeFileSync(join(root, 'etc/kubernetes/pki/worker.pem'), leaf);
  writeFileSync(join(root, 'etc/kubernetes/pki/worker-key.pem'), leafKeys.privPem, { mode: 0o600 });
}

export async function startDevCluster(): Promise<DevCluster> {
  const binaries = ensureKubeBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'kube-aws-machines-'));
  const clusterDir = join(dir, 'cluster');
  mkdirSync(clusterDir);
  try {
    cli(clusterDir, [
      'init',
      '--cluster-name=c1',
      `--external-dns-name=${EXTERNAL_NAME}`,
      `--region=${REGION}`,
      `--availability-zone=${ZONE}`,
      '--key-name=k',
      `--kms-key-arn=arn:aws:kms:${REGION}:123456789012:key/00000000-0000-0000-0000-000000000000`,
    ]);
    cli(clusterDir, ['render']);
    const controllerRoot = buildNodeRoot(clusterDir, 'controller', join(dir, 'nodes', 'controller', 'root'));
    const controlPlane = await startControlPlane({ instanceId: 'i-controller', root: controllerRoot, workDir: join(dir, 'nodes', 'controller'), binaries });
    const adminKubeconfig = writeAdminKubeconfig(join(dir, 'admin.kubeconfig'), { clusterDir, apiServer: controlPlane.apiServer, serverName: EXTERNAL_NAME });
    return {
      dir,
      clusterDir,
      controllerRoot,
      controlPlane,
      binaries,
      adminKubeconfig,
      workerRoot: (name) => buildNodeRoot(clusterDir, 'worker', join(dir, 'nodes', name, 'root')),
      kubectl: (args) => runKubectl(binaries.kubectl, adminKubeconfig, args, 60_000),
      applyAddons: async (controller) => {
        const must = async (args: readonly string[]): Promise<void> => {
          const r = await runKubectl(binaries.kubectl, adminKubeconfig, args, 120_000);
          if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
        };
        await must(['apply', '--server-side', '--force-conflicts', '-f', join(controllerRoot, 'etc/kubernetes/addons/')]);
        for (let i = 0; (await runKubectl(binaries.kubectl, adminKubeconfig, ['get', 'node', controller], 10_000)).code !== 0; i++) {
          if (i > 240) throw new Error(`node ${controller} never registered`);
          await new Promise((r) => setTimeout(r, 500));
        }
        await must(['label', 'node', controller, 'node-role.kubernetes.io/control-plane=', '--overwrite']);
        await must(['cordon', controller]);
      },
      stop: async () => {
        await controlPlane.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
