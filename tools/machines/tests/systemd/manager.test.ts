import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ServiceManager } from '../../src/systemd/manager.js';
import type { ProcessExit, RunningProcess } from '../../src/systemd/manager.js';
import { writeSystemdUnits } from '../../src/node/ignition-systemd.js';
import type { IgnitionSystemdUnit } from '../../src/node/ignition-systemd.js';
import { loadUnitSet } from '../../src/systemd/unit-set.js';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/**
 * A node whose programs are scripted: `programs[argv0]` decides each process's output and exit.
 * The boundary faked here is process execution; everything else is the manager's own logic.
 */
function node(units: IgnitionSystemdUnit[], programs: Record<string, (argv: readonly string[], env: Readonly<Record<string, string>>) => { out?: string; code?: number; files?: Record<string, string> }>) {
  const root = mkdtempSync(join(tmpdir(), 'units-'));
  roots.push(root);
  writeSystemdUnits(root, units);
  const files = new Map<string, string>();
  const ran: string[] = [];
  const consoleText: string[] = [];
  const hostStarts: { unit: string; argv: readonly string[] | undefined }[] = [];
  const manager = new ServiceManager({
    units: loadUnitSet(root, ['/etc/systemd/system']),
    baseEnv: { PATH: '/usr/bin' },
    readNodeFile: (p) => files.get(p),
    hostUnits: {
      'kubelet.service': async (argv) => {
        hostStarts.push({ unit: 'kubelet.service', argv });
      },
    },
    spawn: (command, env, onOutput): RunningProcess => {
      ran.push(command.argv.join(' '));
      const program = programs[command.argv[0] as string];
      const result = program ? program(command.argv, env) : { out: `${command.argv[0]}: not found\n`, code: 127 };
      for (const [k, v] of Object.entries(result.files ?? {})) files.set(k, v);
      if (result.out) onOutput(result.out);
      const exited: Promise<ProcessExit> = Promise.resolve({ code: result.code ?? 0, signal: null });
      return { exited, kill: () => undefined };
    },
    console: (t) => consoleText.push(t),
    unitOutput: () => undefined,
  });
  return { manager, ran, console: () => consoleText.join(''), hostStarts, files };
}

const report = (unit: string): string =>
  `StandardOutput=journal+console\nExecStopPost=/bin/sh -c 'if [ "$$SERVICE_RESULT" != success ]; then echo "kube-aws: ${unit} failed (result=$$SERVICE_RESULT, status=$$EXIT_STATUS)"; fi'\n`;

const nodeEnv: IgnitionSystemdUnit = {
  name: 'node-env.service',
  enabled: true,
  contents: `[Unit]\nDescription=node env\nBefore=kubelet.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/opt/node-env\n${report('node-env.service')}[Install]\nRequiredBy=kubelet.service\n`,
};
const decrypt: IgnitionSystemdUnit = {
  name: 'decrypt.service',
  enabled: true,
  contents: `[Unit]\nDescription=decrypt\nBefore=kubelet.service\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/opt/decrypt\nRestart=on-failure\nRestartSec=10\n${report('decrypt.service')}[Install]\nRequiredBy=kubelet.service\n`,
};
const kubelet: IgnitionSystemdUnit = {
  name: 'kubelet.service',
  enabled: true,
  contents: '[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n[Install]\nWantedBy=multi-user.target\n',
  dropins: [{ name: '20.conf', contents: '[Unit]\nAfter=decrypt.service node-env.service\n[Service]\nEnvironmentFile=/run/node.env\nExecStart=\nExecStart=/usr/bin/kubelet --hostname-override=${NAME}\n' }],
};
const shStopPost = (argv: readonly string[], env: Readonly<Record<string, string>>) => ({
  out: env.SERVICE_RESULT !== 'success' ? `kube-aws: ${(/kube-aws: (\S+) failed/.exec(argv[2] ?? '') ?? [])[1]} failed (result=${env.SERVICE_RESULT}, status=${env.EXIT_STATUS})\n` : '',
});

test('units start in After/Before order; the kubelet gets its command line with the EnvironmentFile another unit wrote', async () => {
  const n = node([kubelet, decrypt, nodeEnv], {
    '/opt/node-env': () => ({ files: { '/run/node.env': 'NAME=ip-10-0-0-5.us-west-1.compute.internal\n' } }),
    '/opt/decrypt': () => ({}),
    '/bin/sh': shStopPost,
  });
  await n.manager.boot();
  assert.deepEqual(n.ran.filter((r) => r.startsWith('/opt')).sort(), ['/opt/decrypt', '/opt/node-env']);
  assert.deepEqual(n.hostStarts, [{ unit: 'kubelet.service', argv: ['/usr/bin/kubelet', '--hostname-override=ip-10-0-0-5.us-west-1.compute.internal'] }]);
  assert.match(n.console(), /\[ {2}OK {2}\] Finished decrypt.service - decrypt\./);
  assert.match(n.console(), /\[ {2}OK {2}\] Started kubelet.service - kubelet\./);
  assert.ok(n.console().indexOf('Finished node-env') < n.console().indexOf('Started kubelet'));
  n.manager.stop();
});

test('a failed Required unit fails the kubelet as a dependency; its restart does not bring the kubelet back', async () => {
  let attempts = 0;
  const n = node([kubelet, decrypt, nodeEnv], {
    '/opt/node-env': () => ({ files: { '/run/node.env': 'NAME=n\n' } }),
    '/opt/decrypt': () => {
      attempts++;
      return { out: 'ctr: exec: "kms": executable file not found in $PATH: unknown\n', code: 1 };
    },
    '/bin/sh': shStopPost,
  });
  await n.manager.boot();
  assert.equal(n.hostStarts.length, 0);
  const text = n.console();
  assert.match(text, /ctr: exec: "kms": executable file not found/);
  assert.match(text, /kube-aws: decrypt.service failed \(result=exit-code, status=1\)/);
  assert.match(text, /\[FAILED\] Failed to start decrypt.service - decrypt\.\nSee 'systemctl status decrypt.service' for details\./);
  assert.match(text, /\[DEPEND\] Dependency failed for kubelet.service - kubelet\./);
  const status = Object.fromEntries(n.manager.status().map((s) => [s.name, s]));
  assert.equal(status['decrypt.service']?.state, 'failed');
  assert.equal(status['decrypt.service']?.exitStatus, '1');
  assert.equal(status['kubelet.service']?.result, 'dependency');
  assert.equal(attempts, 1);
  n.manager.stop();
});

test('a Wanted unit that fails does not stop the units that want it', async () => {
  const addons: IgnitionSystemdUnit = {
    name: 'addons.service',
    enabled: true,
    contents: `[Unit]\nWants=kubelet.service\nAfter=kubelet.service\n[Service]\nType=oneshot\nExecStart=/opt/addons\n[Install]\nWantedBy=multi-user.target\n`,
  };
  const optional: IgnitionSystemdUnit = { name: 'optional.service', enabled: true, contents: '[Service]\nType=oneshot\nExecStart=/opt/fails\n[Install]\nWantedBy=kubelet.service\n' };
  const n = node([kubelet, addons, optional], { '/opt/addons': () => ({}), '/opt/fails': () => ({ code: 3 }) });
  await n.manager.boot();
  assert.equal(n.hostStarts.length, 0, 'the kubelet needs /run/node.env, which nothing wrote: missing EnvironmentFile fails it');
  const status = Object.fromEntries(n.manager.status().map((s) => [s.name, s]));
  assert.equal(status['optional.service']?.state, 'failed');
  assert.equal(status['kubelet.service']?.result, 'resources');
  assert.equal(status['addons.service']?.state, 'inactive', 'addons only Wants the kubelet: it runs after the kubelet failed');
  assert.equal(status['addons.service']?.result, 'success');
  n.manager.stop();
});

test('a unit that is not enabled is not started, even when it is defined', async () => {
  const n = node([{ ...decrypt, enabled: false }, { ...kubelet, dropins: [] }], { '/opt/decrypt': () => ({}) });
  await n.manager.boot();
  assert.ok(!n.ran.includes('/opt/decrypt'));
  assert.deepEqual(n.hostStarts, [{ unit: 'kubelet.service', argv: ['/usr/bin/kubelet'] }]);
  n.manager.stop();
});

test('a unit that multi-user.target upholds starts at boot without being enabled (how kube-aws starts the sysext\'s kubelet)', async () => {
  const upholds: IgnitionSystemdUnit = { name: 'multi-user.target', dropins: [{ name: '20-kubelet.conf', contents: '[Unit]\nUpholds=kubelet.service\n' }] };
  const n = node([{ ...kubelet, enabled: undefined, dropins: [] }, upholds], {});
  await n.manager.boot();
  assert.deepEqual(n.hostStarts, [{ unit: 'kubelet.service', argv: ['/usr/bin/kubelet'] }]);
  n.manager.stop();
});
