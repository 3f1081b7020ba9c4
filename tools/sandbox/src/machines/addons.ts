/**
 * What kube-aws-addons.service does on the controller (packages/render scripts.ts `addonsScript`),
 * with a server-side dry-run in front so a manifest invalid for this Kubernetes version fails before
 * anything is applied: mint a short-lived system:masters credential with the controller's CA, apply
 * addons-upstream (when present) and addons with server-side apply, then wait for the controller's
 * Node, label it control-plane and cordon it (NodeRestriction forbids the kubelet both).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { AddonApplyError, AddonDryRunError } from '../errors.js';
import { addonObjects, parseDryRunErrors } from './addon-errors.js';
import { mintClientCredentials } from './client-cert-mint.js';
import { runKubectl } from './kubectl-run.js';
import type { ApiServerAddress } from './machine-types.js';

export const ADDONS_DIR = '/etc/kubernetes/addons';
export const UPSTREAM_ADDONS_DIR = '/etc/kubernetes/addons-upstream';
export const ADDONS_USER = 'kube-aws:addons';

export interface ApplyAddonsOptions {
  /** Controller node root (addons, pki/ca.pem and ca-key.pem). */
  readonly root: string;
  readonly apiServer: ApiServerAddress;
  readonly kubectl: string;
  /** Private scratch directory for the minted credential (removed afterwards). */
  readonly workDir: string;
  readonly controllerNodeName: string;
  readonly log?: (line: string) => void;
  /** For waiting on the API server, CRDs and the controller's Node (default 5 min each). */
  readonly timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function writeKubeconfig(dir: string, o: ApplyAddonsOptions): string {
  const creds = mintClientCredentials({ root: o.root, commonName: ADDONS_USER, organization: 'system:masters', serverName: '127.0.0.1' });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'ca.pem'), creds.caPem);
  writeFileSync(join(dir, 'cert.pem'), creds.certPem, { mode: 0o600 });
  writeFileSync(join(dir, 'key.pem'), creds.keyPem, { mode: 0o600 });
  const kubeconfig = join(dir, 'kubeconfig');
  // On the node the server is https://127.0.0.1:443; here it is the loopback port, still checked as 127.0.0.1.
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: kubernetes',
      '  cluster:',
      `    server: https://${o.apiServer.host}:${o.apiServer.port}`,
      `    certificate-authority: ${join(dir, 'ca.pem')}`,
      ...(o.apiServer.host === '127.0.0.1' ? [] : ['    tls-server-name: 127.0.0.1']),
      'users:',
      `- name: ${ADDONS_USER}`,
      '  user:',
      `    client-certificate: ${join(dir, 'cert.pem')}`,
      `    client-key: ${join(dir, 'key.pem')}`,
      'contexts:',
      '- name: default',
      '  context:',
      '    cluster: kubernetes',
      `    user: ${ADDONS_USER}`,
      'current-context: default',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return kubeconfig;
}

function hasManifests(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((n) => /\.(ya?ml|json)$/.test(n));
}

/** Applies the controller's addons as kube-aws-addons.service does; throws {@link AddonDryRunError} for an invalid manifest. */
export async function applyAddons(o: ApplyAddonsOptions): Promise<void> {
  const say = (line: string): void => o.log?.(`[addons] ${line}`);
  const timeoutMs = o.timeoutMs ?? 300_000;
  const credsDir = join(o.workDir, 'addons-credentials');
  const kubeconfig = writeKubeconfig(credsDir, o);
  const kubectl = (args: readonly string[]) => runKubectl(o.kubectl, kubeconfig, args);
  const rootAbs = resolve(o.root);
  const toOnNode = (p: string): string => {
    const abs = resolve(p);
    return abs.startsWith(rootAbs + sep) ? `/${relative(rootAbs, abs).split(sep).join('/')}` : p;
  };
  const must = async (step: string, args: readonly string[]): Promise<string> => {
    const r = await kubectl(args);
    if (r.code !== 0) throw new AddonApplyError(step, (r.stderr || r.stdout).trim());
    return r.stdout;
  };
  const waitFor = async (what: string, args: readonly string[]): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (let last = ''; ; await sleep(1000)) {
      const r = await kubectl(args);
      if (r.code === 0) return;
      last = (r.stderr || r.stdout).trim();
      if (Date.now() > deadline) throw new AddonApplyError(`waiting for ${what}`, `not there after ${timeoutMs / 1000}s: ${last}`);
    }
  };

  try {
    await waitFor('the API server (/readyz)', ['get', '--raw=/readyz']);
    for (const onNode of [UPSTREAM_ADDONS_DIR, ADDONS_DIR]) {
      const dir = join(o.root, onNode);
      if (!hasManifests(dir)) {
        if (onNode === ADDONS_DIR) throw new AddonApplyError('finding the addons', `${onNode} holds no manifests on the controller root`);
        continue;
      }
      const apply = ['apply', '--server-side', '--force-conflicts', '-f', `${dir}/`];
      const dry = await kubectl([...apply, '--dry-run=server']);
      if (dry.code !== 0) throw new AddonDryRunError(parseDryRunErrors(dry.stderr || dry.stdout, addonObjects(dir), toOnNode, onNode));
      say(`${onNode}: server-side dry-run passed`);
      await must(`applying ${onNode}`, apply);
      say(`${onNode}: applied`);
      if (onNode === UPSTREAM_ADDONS_DIR) {
        await must('waiting for the upstream CRDs', ['wait', '--for=condition=Established', 'crd', '--all', `--timeout=${Math.round(timeoutMs / 1000)}s`]);
      }
    }
    // The kubelet registers once its bootstrap CSR is approved (the RBAC just applied makes that possible).
    await waitFor(`node ${o.controllerNodeName}`, ['get', 'node', o.controllerNodeName]);
    await must('labelling the controller', ['label', 'node', o.controllerNodeName, 'node-role.kubernetes.io/control-plane=', '--overwrite']);
    await must('cordoning the controller', ['cordon', o.controllerNodeName]);
    say(`labelled and cordoned ${o.controllerNodeName}`);
  } finally {
    rmSync(credsDir, { recursive: true, force: true });
  }
}
