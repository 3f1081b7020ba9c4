// Small process helpers for the dev scripts: run a command with inherited output, fail loudly.
import { spawnSync } from 'node:child_process';

export function step(title) {
  process.stdout.write(`\n==> ${title}\n`);
}

export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (result.error) throw new Error(`could not run ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

export function mustRun(cmd, args, opts = {}) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${status}).`);
    process.exit(status);
  }
}
