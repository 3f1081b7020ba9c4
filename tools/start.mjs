#!/usr/bin/env node
// `npm start`: installs what it needs, brings up the sandbox (Temporal with its Web UI, moto behind
// the CloudFormation pacing proxy, and the machines that boot each stack's Kubernetes control plane
// and nodes) and a kube-aws worker, then walks the seed's steps with our CLI in ./demo (git-ignored):
// init, the seed's cluster.yaml edits, render, validate, up, verify, and `kubectl get nodes`. It
// leaves the sandbox and worker running and says how to stop them. Run again, it finds everything done.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MACHINE_PACKAGES, ensureDebianPackages, ensureNodeModules } from './lib/ensure.mjs';
import { repoRoot } from './lib/paths.mjs';
import { ensureKubeBinaries } from './lib/kube-binaries.mjs';
import { ensurePythonTools } from './lib/python-tools.mjs';
import { mustRun, step } from './lib/run.mjs';

// The AWS SDK warns on every process under Node 20 (supported here until 2027): once is in the README.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
ensureNodeModules();
// The sandbox's machines run each node's units in Linux namespaces with the node's programs.
ensureDebianPackages(MACHINE_PACKAGES);
ensurePythonTools();
// The sandbox's control plane (kube-apiserver & co, etcd, kubectl): built once from the Go module proxy.
const kube = ensureKubeBinaries();
const { SEED_INIT_FLAGS, applySeedEdits, demoDir, ensureDir } = await import('./sandbox/seed-scenario.mjs');
const { parseDocument } = await import('yaml');

const sandboxCli = ['--import', 'tsx', join(repoRoot, 'tools', 'sandbox', 'src', 'cli.ts')];

step('The sandbox: Temporal with its Web UI, and moto behind the CloudFormation pacing proxy');
mustRun(process.execPath, [...sandboxCli, 'up'], { cwd: repoRoot });
const env = sandboxEnv();

step('A kube-aws worker on task queue kube-aws');
mustRun(process.execPath, [...sandboxCli, 'worker'], { cwd: repoRoot });

const dir = ensureDir(demoDir(repoRoot));
const shown = relative(process.cwd(), dir) || '.';
const kubeAws = join(repoRoot, 'node_modules', '.bin', 'kube-aws');
const cliEnv = { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function kubeAwsStep(title, args) {
  step(`${title}\n    $ kube-aws ${args.join(' ')}`);
  const result = spawnSync(kubeAws, args, { cwd: dir, stdio: 'inherit', env: cliEnv });
  if (result.status !== 0) {
    console.error(`\nkube-aws ${args[0]} failed (exit ${result.status}) in ${shown}.`);
    console.error('The sandbox and worker keep running; fix what the message says and run npm start again.');
    process.exit(result.status ?? 1);
  }
}

console.log(`\nDemo directory: ${shown}`);
const clusterYaml = join(dir, 'cluster.yaml');
if (existsSync(clusterYaml)) {
  step('kube-aws init: cluster.yaml already exists here, so this step is done (init never overwrites it)');
  keepKmsKeyCurrent(clusterYaml, env.KUBE_AWS_KMS_KEY_ARN);
} else {
  kubeAwsStep('Step 2 of the seed: create cluster.yaml (the KMS key is the sandbox’s)', ['init', ...SEED_INIT_FLAGS(env.KUBE_AWS_KMS_KEY_ARN)]);
}

step('Step 4 of the seed: its cluster.yaml edits (2 workers, t2.micro, a Route53 record through the deprecated hostedZone)');
console.log(applySeedEdits(clusterYaml) ? 'edited cluster.yaml' : 'cluster.yaml already has the edits');

kubeAwsStep('Step 3 of the seed: TLS assets, kubeconfig, userdata and the stack template', ['render']);
kubeAwsStep('Step 5 of the seed: validate (locally, then CloudFormation and the pre-flight checks)', ['validate']);
kubeAwsStep('Step 6 of the seed: up, as a durable workflow (watch it in the Web UI too)', ['up']);
kubeAwsStep('Step 7 of the seed: verify — every node Ready, the kube-system pods running', ['verify']);

step('The seed’s last step: kubectl get nodes (the sandbox’s API server answers on loopback for the cluster’s DNS name)');
const written = spawnSync(process.execPath, [...sandboxCli, 'kubeconfig', dir], { cwd: repoRoot, encoding: 'utf8' });
if (written.status !== 0) {
  console.error(written.stderr.trim());
  process.exit(written.status ?? 1);
}
const kubeconfig = relative(process.cwd(), written.stdout.trim());
// kubectl lives in the cache: its absolute path reads better than a climb out of the checkout.
const kubectl = kube.kubectl;
console.log(`$ ${kubectl} --kubeconfig=${kubeconfig} get nodes`);
mustRun(kube.kubectl, [`--kubeconfig=${kubeconfig}`, 'get', 'nodes'], { cwd: process.cwd() });

console.log(`
Done. The sandbox and the worker keep running:
  Temporal Web UI   ${env.KUBE_AWS_TEMPORAL_UI}
  Drive the CLI     eval "$(npm run -s sandbox -- env)" && cd ${shown} && npx kube-aws status
  The cluster       ${kubectl} --kubeconfig=${kubeconfig} get nodes,pods -A
  Its machines      npm run sandbox -- machines
  Stop everything   npm run sandbox -- down
Run npm start again: it finds the cluster up and creates nothing.`);

/** The sandbox's environment, from `sandbox env`'s export lines. */
function sandboxEnv() {
  const out = spawnSync(process.execPath, [...sandboxCli, 'env'], { cwd: repoRoot, encoding: 'utf8' });
  if (out.status !== 0) {
    console.error(out.stderr);
    process.exit(1);
  }
  const vars = {};
  for (const line of out.stdout.split('\n')) {
    const m = line.match(/^export ([A-Z0-9_]+)='(.*)'$/);
    if (m) vars[m[1]] = m[2].replace(/'\\''/g, "'");
  }
  return vars;
}

/**
 * moto keeps nothing across restarts, so a restarted sandbox has a new KMS key: point the demo's
 * cluster.yaml at it (render then re-encrypts with it), and say so.
 */
function keepKmsKeyCurrent(file, arn) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.get('kmsKeyArn') === arn) return;
  doc.set('kmsKeyArn', arn);
  writeFileSync(file, doc.toString());
  console.log(`The sandbox was restarted and has a new KMS key: kmsKeyArn in cluster.yaml is now ${arn}`);
}
