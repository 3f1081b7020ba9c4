// What the sandbox's installers (install.mjs, kube-install.mjs) share: a lock so only one process
// installs into a cache directory at a time (Nx runs projects in parallel, npm test starts a build
// in the background), and the check that a module was run as a script. Plain Node, no npm deps.
import { mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` holding `<dir>.<name>-lock` (a directory: mkdir is atomic). A lock older than
 * `staleMs` is an installer that died and is taken over; `onWait` is called once when waiting.
 */
export function withInstallLock(dir, { name, staleMs, onWait }, fn) {
  const lock = `${dir}.${name}-lock`;
  mkdirSync(join(dir, '..'), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > staleMs) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) onWait?.(lock);
      waited = true;
      sleepSync(500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** True when the module at `moduleUrl` is the script Node was started with. */
export function isMainModule(moduleUrl) {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
