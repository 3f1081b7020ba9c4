#!/usr/bin/env node
// `npm test`: installs what the tests need, then lints, type-checks and tests every project
// through Nx, and ends with one total line. In CI (CI=true) nothing is taken from Nx's cache,
// so every test really runs.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINE_PACKAGES, ensureDebianPackages, ensureIgnitionValidate, ensureNodeModules } from './lib/ensure.mjs';
import { ensurePythonTools } from './lib/python-tools.mjs';
import { summarizeJunit } from './lib/junit-summary.mjs';
import { nxEnv, repoRoot } from './lib/paths.mjs';
import { run, step } from './lib/run.mjs';

const started = Date.now();
ensureNodeModules();
// openssl checks certificates; chromium opens the Temporal Web UI in the end-to-end suite; the
// sandbox's machines need namespaces and the node's programs.
ensureDebianPackages([...MACHINE_PACKAGES, { command: 'chromium', debian: 'chromium' }]);
ensureIgnitionValidate();
step('Sandbox tools: moto, the Temporal CLI (pinned Python venv in the cache)');
await ensurePythonTools();

// The sandbox's Kubernetes control plane is built from the Go module proxy once (10–20 min cold on
// two cores). It builds in the background while the projects that do not need it lint and test;
// the tests that do need it wait on the builder's lock (tools/machines/kube-install.mjs).
step('Sandbox control plane: kube-apiserver & co, etcd, kubectl (built from the Go module proxy, cached)');
const kubeBuild = spawn(process.execPath, [join(repoRoot, 'tools', 'machines', 'kube-install.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
const kubeBuilt = new Promise((resolve) => kubeBuild.on('exit', (code) => resolve(code)));
process.on('exit', () => kubeBuild.exitCode === null && kubeBuild.kill());

const reports = join(repoRoot, 'test-results');
rmSync(reports, { recursive: true, force: true });

step('Lint, typecheck and test every project (Nx)');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['lint', 'typecheck', 'test'];
// The AWS SDK warns once per process under Node 20 (supported here until 2027); the README says so.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const status = run(
  join(repoRoot, 'node_modules', '.bin', 'nx'),
  ['run-many', '-t', ...targets, '--output-style=stream', '--parallel=2', ...(ci ? ['--skip-nx-cache'] : [])],
  { cwd: repoRoot, env: nxEnv() },
);

const kubeStatus = await kubeBuilt;
if (kubeStatus !== 0) console.error(`The control-plane build failed (exit ${kubeStatus}); see its message above. Tests of verify need it.`);

const totals = summarizeJunit(reports);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nnpm test finished in ${seconds}s (exit ${status}); ${totals.files} project reports.`);
if (status === 0 && totals.passed === 0 && targets.includes('test')) {
  console.log('No test ran: that is a failure, not a pass.');
  process.exit(1);
}
console.log(`${totals.passed} passed, ${status === 0 ? totals.failed : Math.max(totals.failed, 1)} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(status);
