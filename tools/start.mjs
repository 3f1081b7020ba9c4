#!/usr/bin/env node
// `npm start`: installs what it needs, then walks the seed's steps with our CLI in ./demo
// (git-ignored): init with the seed's flags, the seed's cluster.yaml edits, render, validate.
// Run again, it finds everything done and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureNodeModules } from './lib/ensure.mjs';
import { repoRoot } from './lib/paths.mjs';
import { step } from './lib/run.mjs';

ensureNodeModules();
const { SEED_INIT_FLAGS, applySeedEdits, demoDir, ensureDir } = await import('./sandbox/seed-scenario.mjs');

const dir = ensureDir(demoDir(repoRoot));
const kubeAws = join(repoRoot, 'node_modules', '.bin', 'kube-aws');
// Until the sandbox brings its own KMS key, the seed's (redacted) ARN with a 12-digit account.
const kmsKeyArn = process.env.KUBE_AWS_KMS_KEY_ARN ?? 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';

function kubeAwsStep(title, args) {
  step(`${title}\n    $ kube-aws ${args.join(' ')}`);
  const result = spawnSync(kubeAws, args, { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\nkube-aws ${args[0]} failed (exit ${result.status}); the demo directory is ${relative(process.cwd(), dir)}.`);
    process.exit(result.status ?? 1);
  }
}

console.log(`Demo directory: ${relative(process.cwd(), dir) || '.'}`);
if (existsSync(join(dir, 'cluster.yaml'))) {
  step('kube-aws init: cluster.yaml already exists here, so this step is done (init never overwrites it)');
} else {
  kubeAwsStep('Step 2 of the seed: create cluster.yaml', ['init', ...SEED_INIT_FLAGS(kmsKeyArn)]);
}

step("Step 4 of the seed: its cluster.yaml edits (2 workers, t2.micro, a Route53 record via the deprecated hostedZone)");
console.log(applySeedEdits(join(dir, 'cluster.yaml')) ? 'edited cluster.yaml' : 'cluster.yaml already has the edits');

kubeAwsStep('Step 3 of the seed: TLS assets, kubeconfig, userdata and the stack template', ['render']);
kubeAwsStep('Step 5 of the seed: validate', ['validate']);

step('The asset directory');
function tree(path, prefix = '') {
  const entries = readdirSync(path).filter((n) => n !== '.kube-aws').sort();
  entries.forEach((name, i) => {
    const last = i === entries.length - 1;
    console.log(`${prefix}${last ? '└── ' : '├── '}${name}`);
    if (statSync(join(path, name)).isDirectory()) tree(join(path, name), `${prefix}${last ? '    ' : '│   '}`);
  });
}
console.log('.');
tree(dir);

console.log(`
Done: the offline half of the seed (init, render, validate) ran in ${relative(process.cwd(), dir)}.
Try the CLI by hand there:  cd ${relative(process.cwd(), dir)} && npx kube-aws validate
Run npm start again: it finds cluster.yaml and the assets in place and keeps them.`);
