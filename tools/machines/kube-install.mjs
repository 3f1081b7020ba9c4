#!/usr/bin/env node
// Builds the sandbox's Kubernetes control plane from the Go module proxy, pinned, once:
// kube-apiserver, kube-controller-manager, kube-scheduler and kubectl at the version kube-aws's
// userdata deploys, and etcd 3.6. Binaries go to ${KUBE_AWS_CACHE:-~/.cache/kube-aws}/kube/<pins>/bin,
// Go's module and build caches to ${KUBE_AWS_CACHE}/go, so a second machine state costs nothing.
//
// Why a generated wrapper module: k8s.io/kubernetes requires its staging modules at a fake v0.0.0
// with local replace lines, so `go install k8s.io/kubernetes/cmd/...@v1.36.x` is refused. The
// wrapper requires k8s.io/kubernetes and pins every such module to its published v0.36.x tag,
// read from that release's own go.mod. etcd's server module has local replaces too (etcd #18501),
// but its dependencies are published at matching versions, so its wrapper needs none.
//
// Plain Node ESM without npm dependencies, like install.mjs: `npm test` calls it first.
//   node tools/machines/kube-install.mjs     prints the binary paths as JSON on stdout
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isMainModule, withInstallLock } from '../lib/install-lock.mjs';

/** The release kube-aws's userdata deploys (packages/config DEFAULT_KUBERNETES_VERSION). */
export const KUBERNETES_VERSION = '1.36.3';
/** etcd 3.6, the series Kubernetes 1.36 is tested against. */
export const ETCD_VERSION = '3.6.16';
/** Go's minimum for both modules (k8s 1.36's go.mod says `go 1.26.0`). */
const MIN_GO = [1, 26];
const KUBE_COMMANDS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'];
/** Bump when the build recipe below changes, so cached binaries are rebuilt. */
const RECIPE = 2;
/** A cold build takes 10–20 minutes on two cores: a lock younger than this is someone building. */
const LOCK_STALE_MS = 60 * 60_000;

/** Thrown when Go is missing or too old, or a build fails; the message says what to do. */
export class KubeBinariesError extends Error {
  name = 'KubeBinariesError';
}

function cacheRoot(env) {
  return env.KUBE_AWS_CACHE ?? join(homedir(), '.cache', 'kube-aws');
}

/** Where the binaries of the pinned versions live. */
export function kubeBinariesDir(env = process.env) {
  return join(cacheRoot(env), 'kube', `v${KUBERNETES_VERSION}-etcd${ETCD_VERSION}`);
}

function binaryPaths(bin) {
  return {
    version: `v${KUBERNETES_VERSION}`,
    etcdVersion: `v${ETCD_VERSION}`,
    binDir: bin,
    kubeApiserver: join(bin, 'kube-apiserver'),
    kubeControllerManager: join(bin, 'kube-controller-manager'),
    kubeScheduler: join(bin, 'kube-scheduler'),
    kubectl: join(bin, 'kubectl'),
    etcd: join(bin, 'etcd'),
  };
}

function recipeHash() {
  return createHash('sha256').update(`${RECIPE}\0${KUBERNETES_VERSION}\0${ETCD_VERSION}`).digest('hex');
}

function say(line) {
  process.stderr.write(`${line}\n`);
}



function goEnv(env) {
  const go = join(cacheRoot(env), 'go');
  return {
    ...env,
    // A dependency asking for a newer Go must fail loudly, not fetch a toolchain behind our back.
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
    GOMODCACHE: env.KUBE_AWS_GOMODCACHE ?? join(go, 'mod'),
    GOCACHE: env.KUBE_AWS_GOCACHE ?? join(go, 'build'),
    CGO_ENABLED: '0',
  };
}

function go(args, cwd, env, { quiet = false } = {}) {
  const r = spawnSync('go', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], maxBuffer: 64 << 20 });
  if (r.error) throw new KubeBinariesError(`could not run go: ${r.error.message}`);
  if (r.status !== 0) {
    const detail = quiet ? `: ${(r.stderr || '').trim().split('\n').slice(-5).join(' | ')}` : '; see its output above';
    throw new KubeBinariesError(`\`go ${args.join(' ')}\` failed (exit ${r.status})${detail}. It needs the Go module proxy; rerun when it is reachable.`);
  }
  return r.stdout;
}

function checkGo(env) {
  const r = spawnSync('go', ['env', 'GOVERSION'], { env, encoding: 'utf8' });
  const version = r.status === 0 ? r.stdout.trim() : '';
  const m = /^go(\d+)\.(\d+)/.exec(version);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    const want = MIN_GO.join('.');
    throw new KubeBinariesError(
      `The sandbox's Kubernetes control plane is built from source with Go ${want} or newer (${version ? `found ${version}` : 'no go on PATH'}). ` +
        `Install Go ${want}+ (https://go.dev/doc/install, or your distribution's golang package), then run again.`,
    );
  }
}

function writeModule(dir, text, files = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), text);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
}

/** `replace` lines pinning each staging module (listed at v0.0.0 in k8s.io/kubernetes' go.mod) to its tag. */
function stagingReplaces(work, env) {
  const info = JSON.parse(go(['mod', 'download', '-json', `k8s.io/kubernetes@v${KUBERNETES_VERSION}`], work, env, { quiet: true }));
  const staging = readFileSync(info.GoMod, 'utf8')
    .split('\n')
    .map((l) => /^\s*(k8s\.io\/[A-Za-z0-9._-]+)\s+v0\.0\.0\s*$/.exec(l)?.[1])
    .filter(Boolean);
  if (staging.length < 20) throw new KubeBinariesError(`k8s.io/kubernetes v${KUBERNETES_VERSION}'s go.mod lists only ${staging.length} staging modules; the recipe needs updating.`);
  const tag = `v0.${KUBERNETES_VERSION.split('.').slice(1).join('.')}`;
  return [...new Set(staging)].map((m) => `replace ${m} => ${m} ${tag}`);
}

function buildKube(src, bin, env) {
  const version = `v${KUBERNETES_VERSION}`;
  const [major, minor] = KUBERNETES_VERSION.split('.');
  // Seeded before the replaces are known: `go mod download` needs a module to run in.
  writeModule(src, 'module kube-aws.local/kube-bin\n\ngo 1.26.0\n');
  const replaces = stagingReplaces(src, env);
  const imports = KUBE_COMMANDS.map((c) => `\t_ "k8s.io/kubernetes/cmd/${c}"`).join('\n');
  writeModule(
    src,
    `module kube-aws.local/kube-bin\n\ngo 1.26.0\n\n// k8s 1.36's own godebug line; a dependency's is ignored.\ngodebug default=go1.26\n\nrequire k8s.io/kubernetes v${KUBERNETES_VERSION}\n\n${replaces.join('\n')}\n`,
    { 'tools.go': `//go:build tools\n\npackage tools\n\nimport (\n${imports}\n)\n` },
  );
  go(['mod', 'tidy'], src, env, { quiet: true });
  const stamp = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((p) => [`-X ${p}.gitVersion=${version}`, `-X ${p}.gitMajor=${major}`, `-X ${p}.gitMinor=${minor}`, `-X ${p}.gitTreeState=clean`])
    .join(' ');
  // One `go build` for all four commands: their shared packages compile once, in parallel.
  go(['build', '-trimpath', '-ldflags', `-s -w ${stamp}`, '-o', `${bin}/`, ...KUBE_COMMANDS.map((c) => `k8s.io/kubernetes/cmd/${c}`)], src, env);
}

function buildEtcd(src, bin, env) {
  writeModule(src, `module kube-aws.local/etcd-bin\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 v${ETCD_VERSION}\n`, {
    'tools.go': '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n',
  });
  go(['mod', 'tidy'], src, env, { quiet: true });
  // server/v3 is itself `package main`; without -o the binary would be called "v3".
  go(['build', '-trimpath', '-ldflags', '-s -w', '-o', join(bin, 'etcd'), 'go.etcd.io/etcd/server/v3'], src, env);
}

/**
 * Makes sure the pinned control-plane binaries are built and returns their paths. Synchronous;
 * when they are built it is one file read and five stats.
 */
export function ensureKubeBinaries(env = process.env) {
  const dir = kubeBinariesDir(env);
  const paths = binaryPaths(join(dir, 'bin'));
  const marker = join(dir, 'bin', '.kube-aws-recipe.sha256');
  const all = [paths.kubeApiserver, paths.kubeControllerManager, paths.kubeScheduler, paths.kubectl, paths.etcd];
  const hash = recipeHash();
  const fresh = () => existsSync(marker) && readFileSync(marker, 'utf8').trim() === hash && all.every((p) => existsSync(p));
  if (fresh()) return paths;

  const onWait = (lock) => say(`Kubernetes binaries: another process is building them (${lock}); waiting.`);
  return withInstallLock(dir, { name: 'build', staleMs: LOCK_STALE_MS, onWait }, () => {
    if (fresh()) return paths;
    const goenv = goEnv(env);
    checkGo(goenv);
    const staging = join(dir, 'bin.partial');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    say(`Kubernetes binaries: building etcd v${ETCD_VERSION} from the Go module proxy`);
    buildEtcd(join(dir, 'src-etcd'), staging, goenv);
    say(`Kubernetes binaries: etcd built in ${Math.round((Date.now() - started) / 1000)}s; building ${KUBE_COMMANDS.join(', ')} v${KUBERNETES_VERSION} (10–20 min cold on two cores)`);
    buildKube(join(dir, 'src-kube'), staging, goenv);
    writeFileSync(join(staging, '.kube-aws-recipe.sha256'), `${hash}\n`);
    // Binaries appear all at once, so a crash mid-build never leaves a half set that looks done.
    rmSync(join(dir, 'bin'), { recursive: true, force: true });
    renameSync(staging, join(dir, 'bin'));
    say(`Kubernetes binaries: built in ${Math.round((Date.now() - started) / 1000)}s into ${join(dir, 'bin')}`);
    return paths;
  });
}

if (isMainModule(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(ensureKubeBinaries(), null, 2)}\n`);
  } catch (err) {
    say(err instanceof KubeBinariesError ? err.message : String(err?.stack ?? err));
    process.exit(1);
  }
}
