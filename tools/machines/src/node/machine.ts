/**
 * One sandbox machine, host side: lays out its root around what Ignition wrote, serves its
 * instance metadata and relays to AWS and (on the controller) its API server over socket files,
 * and runs its supervisor in new namespaces (supervisor.ts), which boots the units. The kubelet's
 * start is reported back through `onHostUnit` with its expanded command line.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MachineStartError } from '../errors.js';
import type { UnitStatus } from '../systemd/manager.js';
import { createImdsHandler } from './imds.js';
import type { InstanceFacts, RoleCredentials } from './imds.js';
import { HOST_PLAYED_UNITS, IMAGE_UNITS } from './image-units.js';
import { IMAGE_UNIT_DIR, prepareNodeRoot } from './node-root.js';
import type { ImageConfig } from './node-root.js';
import { NODE_PATH } from './flatcar-programs.js';
import { unixRelay } from './socket-relay.js';
import type { Target } from './socket-relay.js';
import type { SupervisorEvent, SupervisorSpec } from './supervisor-protocol.js';

const SUPERVISOR = fileURLToPath(new URL('./supervisor.ts', import.meta.url));
/** Where a machine reaches AWS: its own loopback, relayed to the sandbox's endpoint. */
export const NODE_AWS_PORT = 4566;
export const NODE_AWS_ENDPOINT = `http://127.0.0.1:${NODE_AWS_PORT}`;
/** Where the controller's scripts reach its API server, as on a real controller. */
export const NODE_API_PORT = 443;

export interface MachineOptions {
  readonly facts: InstanceFacts;
  readonly credentials: () => Promise<RoleCredentials>;
  /** The machine's root, already holding what Ignition wrote. */
  readonly root: string;
  /** Sockets, console, unit logs. */
  readonly dir: string;
  readonly awsEndpoint: { readonly host: string; readonly port: number };
  /** The controller's API server, once it listens; absent on workers. */
  readonly apiServer?: () => { host: string; port: number } | undefined;
  /** kubectl from the Kubernetes sysext (the controller's addons script uses it). */
  readonly kubectl?: string;
  readonly images: Readonly<Record<string, ImageConfig>>;
  onHostUnit(unit: string, argv: readonly string[]): void;
  readonly log?: (line: string) => void;
}

export class Machine {
  private supervisor: ChildProcess | undefined;
  private readonly servers: { close(): void }[] = [];
  private readonly unitStates = new Map<string, UnitStatus>();
  private booted = false;
  private exitError: string | undefined;

  constructor(private readonly o: MachineOptions) {}

  get consoleFile(): string {
    return join(this.o.dir, 'console.log');
  }

  /** What EC2's GetConsoleOutput returns for this instance. */
  consoleOutput(): string {
    return existsSync(this.consoleFile) ? readFileSync(this.consoleFile, 'utf8') : '';
  }

  units(): UnitStatus[] {
    return [...this.unitStates.values()];
  }

  /** Units that failed, with the tail of their logs, for the machine's error. */
  failures(): { unit: string; result?: string; exitStatus?: string; tail: string }[] {
    return this.units()
      .filter((u) => u.state === 'failed')
      .map((u) => {
        const log = join(this.o.dir, 'units', `${u.name}.log`);
        const tail = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-5).join('\n') : '';
        return { unit: u.name, ...(u.result ? { result: u.result } : {}), ...(u.exitStatus ? { exitStatus: u.exitStatus } : {}), tail };
      });
  }

  get state(): 'booting' | 'booted' | 'failed' {
    if (this.exitError) return 'failed';
    if (this.failures().length > 0) return 'failed';
    return this.booted ? 'booted' : 'booting';
  }

  get error(): string | undefined {
    if (this.exitError) return this.exitError;
    const f = this.failures()[0];
    return f ? `${f.unit} failed (${f.result ?? 'failed'}${f.exitStatus ? `, status=${f.exitStatus}` : ''})${f.tail ? `: ${f.tail}` : ''}` : undefined;
  }

  async start(): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new MachineStartError('sandbox machines need root: they run each node in Linux namespaces of its own (unshare, mount, chroot). Run as root, or start the sandbox with SANDBOX_MACHINES=0.');
    }
    const { facts } = this.o;
    mkdirSync(join(this.o.dir, 'sockets'), { recursive: true, mode: 0o700 });
    prepareNodeRoot({ root: this.o.root, hostname: facts.privateDnsName, privateIp: facts.privateIp, ...(this.o.kubectl ? { kubectl: this.o.kubectl } : {}), images: this.o.images, imageUnits: IMAGE_UNITS });

    const socket = (name: string): string => join(this.o.dir, 'sockets', `${name}.sock`);
    const imds = createServer(createImdsHandler({ facts, credentials: this.o.credentials }));
    await new Promise<void>((resolve, reject) => {
      imds.once('error', reject);
      imds.listen(socket('imds'), resolve);
    });
    this.servers.push(imds as Server);
    this.servers.push(await unixRelay(socket('aws'), this.o.awsEndpoint));
    const relays: SupervisorSpec['relays'][number][] = [
      { host: '169.254.169.254', port: 80, socket: socket('imds') },
      { host: '127.0.0.1', port: NODE_AWS_PORT, socket: socket('aws') },
    ];
    if (this.o.apiServer) {
      this.servers.push(await unixRelay(socket('apiserver'), this.o.apiServer as Target));
      relays.push({ host: '127.0.0.1', port: NODE_API_PORT, socket: socket('apiserver') });
    }

    const spec: SupervisorSpec = {
      root: this.o.root,
      hostname: facts.privateDnsName,
      privateIp: facts.privateIp,
      relays,
      consoleFile: this.consoleFile,
      logDir: join(this.o.dir, 'units'),
      hostUnits: HOST_PLAYED_UNITS,
      unitDirs: ['/etc/systemd/system', IMAGE_UNIT_DIR],
      baseEnv: { PATH: NODE_PATH, LANG: 'C.UTF-8', HOME: '/root', USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash' },
    };
    const specFile = join(this.o.dir, 'supervisor.json');
    writeFileSync(specFile, JSON.stringify(spec, null, 2));
    writeFileSync(this.consoleFile, '');

    const child = spawn('unshare', ['--mount', '--net', '--uts', '--propagation', 'private', '--fork', '--kill-child', '--', process.execPath, '--import', 'tsx', SUPERVISOR, specFile], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.supervisor = child;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        let event: SupervisorEvent;
        try {
          event = JSON.parse(line) as SupervisorEvent;
        } catch {
          return;
        }
        if (event.type === 'ready') resolve();
        else if (event.type === 'unit') this.unitStates.set(event.status.name, event.status);
        else if (event.type === 'host-unit') this.o.onHostUnit(event.unit, event.argv);
        else if (event.type === 'booted') this.booted = true;
        else if (event.type === 'error') {
          this.exitError = `the machine's supervisor failed: ${event.message}`;
          reject(new MachineStartError(this.exitError));
        }
      });
      child.on('error', (err) => reject(new MachineStartError(`cannot start the machine (unshare): ${err.message}. Machines need root and util-linux's unshare.`)));
      child.on('exit', (code, signal) => {
        if (!this.exitError && code !== 0 && signal === null) this.exitError = `the machine's supervisor exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
        reject(new MachineStartError(this.exitError ?? `the machine's supervisor ended (${signal ?? code})`));
      });
    });
    await ready;
    this.o.log?.(`${facts.instanceId}: machine up (${facts.privateDnsName}); booting its units`);
  }

  async stop(): Promise<void> {
    const child = this.supervisor;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await gone;
    }
    for (const s of this.servers.splice(0)) s.close();
  }
}
