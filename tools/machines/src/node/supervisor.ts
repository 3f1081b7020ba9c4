/**
 * PID 1 of a sandbox machine, run by the host inside new mount, network and UTS namespaces
 * (`unshare --mount --net --uts`): it brings up the machine's loopback with 169.254.169.254 and
 * the instance's private address, sets the hostname, mounts the host's root read-only at /.host
 * and /proc, /dev, /run, /tmp in the machine's root, starts the relays to the host, then boots the
 * units as systemd would (systemd/manager.ts), each process chrooted into the machine's root with
 * the node's PATH. Events go to stdout as JSON lines (supervisor-protocol.ts).
 *
 *   node --import tsx supervisor.ts <spec.json>
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceManager } from '../systemd/manager.js';
import type { RunningProcess } from '../systemd/manager.js';
import { loadUnitSet } from '../systemd/unit-set.js';
import { HOST_MOUNT } from './node-root.js';
import { tcpRelay } from './socket-relay.js';
import type { SupervisorEvent, SupervisorSpec } from './supervisor-protocol.js';

function emit(event: SupervisorEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function must(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
}

function tool(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} is not installed on this machine (Debian: apt-get install -y iproute2 util-linux coreutils)`);
}

function setUpNetwork(spec: SupervisorSpec): void {
  const ip = tool('ip');
  must(ip, ['link', 'set', 'lo', 'up']);
  must(ip, ['addr', 'add', '169.254.169.254/32', 'dev', 'lo']);
  if (spec.privateIp) must(ip, ['addr', 'add', `${spec.privateIp}/32`, 'dev', 'lo']);
  must(tool('hostname'), [spec.hostname]);
}

function mountRoot(root: string): void {
  const mount = tool('mount');
  const at = (p: string): string => join(root, p);
  must(mount, ['--bind', '/', at(HOST_MOUNT)]);
  must(mount, ['-o', 'remount,bind,ro', at(HOST_MOUNT)]);
  must(mount, ['-t', 'proc', 'proc', at('/proc')]);
  must(mount, ['--rbind', '/dev', at('/dev')]);
  must(mount, ['-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', at('/run')]);
  must(mount, ['-t', 'tmpfs', '-o', 'mode=1777', 'tmpfs', at('/tmp')]);
}

async function main(): Promise<void> {
  const specFile = process.argv[2];
  if (!specFile) throw new Error('usage: supervisor.ts <spec.json>');
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as SupervisorSpec;
  setUpNetwork(spec);
  mountRoot(spec.root);
  for (const r of spec.relays) await tcpRelay(r.host, r.port, { path: r.socket });
  mkdirSync(spec.logDir, { recursive: true });
  emit({ type: 'ready' });

  const chroot = tool('chroot');
  const units = loadUnitSet(spec.root, spec.unitDirs);
  const hostUnits = Object.fromEntries(
    spec.hostUnits.map((name) => [
      name,
      async (argv: readonly string[] | undefined): Promise<void> => {
        emit({ type: 'host-unit', unit: name, argv: argv ?? [] });
      },
    ]),
  );
  const manager = new ServiceManager({
    units,
    baseEnv: spec.baseEnv,
    hostUnits,
    readNodeFile: (path) => {
      const p = join(spec.root, path);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    },
    spawn: (command, env, onOutput): RunningProcess => {
      const child = spawn(chroot, [spec.root, ...command.argv], { env: { ...env }, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.setEncoding('utf8').on('data', onOutput);
      child.stderr.setEncoding('utf8').on('data', onOutput);
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        child.on('error', (err) => {
          onOutput(`${err.message}\n`);
          resolve({ code: 203, signal: null });
        });
        child.on('close', (code, signal) => resolve({ code, signal }));
      });
      return { exited, kill: () => child.kill('SIGTERM') };
    },
    console: (text) => appendFileSync(spec.consoleFile, text),
    unitOutput: (unit, text) => appendFileSync(join(spec.logDir, `${unit}.log`), text),
    onChange: (status) => emit({ type: 'unit', status }),
  });
  const shutdown = (): void => {
    manager.stop();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  await manager.boot();
  emit({ type: 'booted' });
}

main().catch((err: unknown) => {
  emit({ type: 'error', message: (err as Error).message });
  process.exit(1);
});
