/**
 * A machine's root filesystem around what Ignition wrote: the node's own /etc, /opt, /var and
 * /usr/bin, with the host's libraries and programs reachable only through `/.host` (a read-only
 * bind of the host's root, mounted by the supervisor). /usr/bin holds exactly the Flatcar programs
 * (flatcar-programs.ts), kubectl from the Kubernetes sysext, and the `ctr` stand-in.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLATCAR_PROGRAMS } from './flatcar-programs.js';

export const HOST_MOUNT = '/.host';
/** Sandbox-only files on the node: the image table, the units the OS image ships. */
export const SANDBOX_DIR = '/.sandbox';
export const IMAGE_TABLE = `${SANDBOX_DIR}/images.json`;
export const IMAGE_UNIT_DIR = `${SANDBOX_DIR}/systemd`;

const CTR_STAND_IN = fileURLToPath(new URL('../../stand-ins/ctr.py', import.meta.url));

export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  /** In-image path → host program. */
  readonly programs: Readonly<Record<string, string>>;
  /** Host directories the programs need, bound at the same path in the container. */
  readonly binds: readonly string[];
}

export interface NodeRootOptions {
  readonly root: string;
  readonly hostname: string;
  readonly privateIp: string;
  /** kubectl from the Kubernetes sysext; absent, the node has none. */
  readonly kubectl?: string;
  readonly images: Readonly<Record<string, ImageConfig>>;
  /** Unit files the OS image and the sysext ship (containerd.service, kubelet.service). */
  readonly imageUnits: Readonly<Record<string, string>>;
}

function hostProgram(name: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function link(target: string, path: string): void {
  rmSync(path, { force: true, recursive: false });
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

function writeText(path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

/** Lays out the root; programs the host lacks are returned (the node's scripts would miss them too). */
export function prepareNodeRoot(o: NodeRootOptions): { missing: string[] } {
  const r = (p: string): string => join(o.root, p);
  for (const d of [HOST_MOUNT, '/proc', '/dev', '/run', '/tmp', '/root', '/var/lib', '/var/log', '/opt/bin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/etc', SANDBOX_DIR, IMAGE_UNIT_DIR]) mkdirSync(r(d), { recursive: true });
  chmodSync(r('/tmp'), 0o1777);
  for (const d of ['lib', 'lib64', 'libexec', 'share', 'include']) if (existsSync(join('/usr', d))) link(`${HOST_MOUNT}/usr/${d}`, r(`/usr/${d}`));
  link('usr/bin', r('/bin'));
  link('usr/sbin', r('/sbin'));
  link('usr/lib', r('/lib'));
  if (existsSync('/usr/lib64')) link('usr/lib64', r('/lib64'));

  const missing: string[] = [];
  for (const name of FLATCAR_PROGRAMS) {
    const p = hostProgram(name);
    if (!p) missing.push(name);
    else link(`${HOST_MOUNT}${realpathSync(p)}`, r(`/usr/bin/${name}`));
  }
  if (o.kubectl) link(`${HOST_MOUNT}${realpathSync(o.kubectl)}`, r('/usr/bin/kubectl'));
  const python = hostProgram('python3');
  writeText(r('/usr/bin/ctr'), `#!/bin/sh\n# The sandbox's stand-in for containerd's ctr (tools/machines/stand-ins/ctr.py).\nexec ${HOST_MOUNT}${python ? realpathSync(python) : '/usr/bin/python3'} ${HOST_MOUNT}${CTR_STAND_IN} "$@"\n`, 0o755);

  for (const f of ['passwd', 'group', 'nsswitch.conf', 'ld.so.cache']) if (existsSync(join('/etc', f))) copyFileSync(join('/etc', f), r(`/etc/${f}`));
  if (existsSync('/etc/ssl')) link(`${HOST_MOUNT}/etc/ssl`, r('/etc/ssl'));
  writeText(r('/etc/hostname'), `${o.hostname}\n`);
  writeText(r('/etc/hosts'), `127.0.0.1 localhost\n::1 localhost\n${o.privateIp} ${o.hostname} ${o.hostname.split('.')[0]}\n`);
  writeText(r('/etc/resolv.conf'), '# sandbox machine: no DNS; AWS and the API server are reached through loopback relays\n');
  writeText(r('/etc/os-release'), 'NAME="Flatcar Container Linux by Kinvolk"\nID=flatcar\nVERSION=4459.2.1\nPRETTY_NAME="Flatcar Container Linux by Kinvolk 4459.2.1 (sandbox machine)"\n');
  writeText(r(IMAGE_TABLE), `${JSON.stringify(o.images, null, 2)}\n`);
  for (const [name, text] of Object.entries(o.imageUnits)) writeText(r(`${IMAGE_UNIT_DIR}/${name}`), text);
  return { missing };
}
