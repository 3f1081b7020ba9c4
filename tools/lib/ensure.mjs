// Installs what the project needs, idempotently: npm packages from the lockfile, and the pinned
// tools built from registries into the cache under the home directory. Safe to call every time.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheBin, cacheRoot, repoRoot } from './paths.mjs';
import { mustRun, step } from './run.mjs';

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const lock = join(repoRoot, 'package-lock.json');
  const installed = join(repoRoot, 'node_modules', '.package-lock.json');
  const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  step('Installing npm packages (npm ci)');
  mustRun('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: repoRoot,
    env: { ...process.env, npm_config_cache: process.env.npm_config_cache ?? join(cacheRoot, 'npm') },
  });
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * What the sandbox's machines need on the host: namespaces, mounts and chroot (util-linux,
 * coreutils), their network (iproute2), and the programs a Flatcar node has that the node scripts
 * call (curl, jq, openssl; tools/machines/src/node/flatcar-programs.ts lists them all).
 */
export const MACHINE_PACKAGES = [
  { command: 'unshare', debian: 'util-linux' },
  { command: 'ip', debian: 'iproute2' },
  { command: 'curl', debian: 'curl' },
  { command: 'jq', debian: 'jq' },
  { command: 'openssl', debian: 'openssl' },
];

/** Debian packages the tests call (openssl for certificate checks). */
export function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !have(p.command));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.debian);
  if (process.getuid?.() !== 0) {
    console.error(`Missing: ${names.join(', ')}. Install them with: sudo apt-get install -y ${names.join(' ')}`);
    process.exit(1);
  }
  step(`Installing Debian packages: ${names.join(' ')}`);
  mustRun('apt-get', ['update', '-qq']);
  mustRun('apt-get', ['install', '-y', '-qq', ...names], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The official ignition-validate, built once from the Go module proxy (the script is idempotent). */
export function ensureIgnitionValidate() {
  const script = join(repoRoot, 'tools', 'ignition-validate', 'install.sh');
  mustRun('bash', [script], { env: { ...process.env, KUBE_AWS_CACHE: cacheRoot }, stdio: ['ignore', 'ignore', 'inherit'] });
  return join(cacheBin, 'ignition-validate');
}
