/**
 * The part of systemd a node's boot exercises, with systemd's semantics (systemd.unit(5),
 * systemd.service(5), systemd.timer(5)):
 * - a boot transaction from multi-user.target over Requires=/Wants= (and enabled units' [Install]);
 * - start jobs ordered by After=/Before=; a job whose Required unit failed fails as "dependency"
 *   without running, and a Wanted unit's failure changes nothing;
 * - Type=simple (started once spawned) and Type=oneshot (started once every ExecStartPre=,
 *   ExecStart= and ExecStartPost= exited 0; `-` ignores a failure), RemainAfterExit=;
 * - Environment=, EnvironmentFile= (`-` optional), `${VAR}`/`$VAR` expansion (exec-line.ts);
 * - ExecStopPost= with $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS;
 * - Restart=always|on-failure with RestartSec= (a restart is a new start of the unit alone:
 *   dependents whose jobs already failed stay failed, as on systemd);
 * - Upholds= (a unit another upholds is started again, after its RestartSec=, whenever it stops);
 * - timers with OnBootSec= and OnUnitActiveSec=;
 * - StandardOutput=/StandardError= journal+console: the unit's output also goes to the console,
 *   beside systemd's status lines (`Starting`, `[  OK  ] Finished`/`Started`, `[FAILED]`, `[DEPEND]`).
 * Units the host plays (containerd, the kubelet) are started through hooks.
 */
import { parseEnvironmentFile, parseEnvironmentSetting, parseExecLine } from './exec-line.js';
import type { ExecCommand } from './exec-line.js';
import { isYes, timeSpanMs, value, values } from './unit-file.js';
import type { UnitFile } from './unit-file.js';
import { bootTransaction, orderedBefore, requiresOf, upheld } from './unit-set.js';
import type { UnitSet } from './unit-set.js';

export type UnitState = 'inactive' | 'activating' | 'active' | 'failed';
export type ServiceResult = 'success' | 'exit-code' | 'signal' | 'resources' | 'dependency';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface RunningProcess {
  readonly exited: Promise<ProcessExit>;
  kill(): void;
}

export interface UnitStatus {
  readonly name: string;
  readonly state: UnitState;
  readonly result?: ServiceResult;
  readonly exitStatus?: string;
  readonly starts: number;
}

/** A unit the host plays instead of running its ExecStart (containerd, kubelet). */
export type HostUnit = (argv: readonly string[] | undefined, env: Readonly<Record<string, string>>) => Promise<void>;

export interface ManagerOptions {
  readonly units: UnitSet;
  /** Runs a command on the node; output arrives through onOutput as it is written. */
  spawn(command: ExecCommand, env: Readonly<Record<string, string>>, onOutput: (text: string) => void): RunningProcess;
  /** Reads an on-node file (EnvironmentFile=), or undefined when it does not exist. */
  readNodeFile(path: string): string | undefined;
  readonly hostUnits?: Readonly<Record<string, HostUnit>>;
  /** The node's base environment (PATH and friends). */
  readonly baseEnv: Readonly<Record<string, string>>;
  console(text: string): void;
  unitOutput(unit: string, text: string): void;
  onChange?(status: UnitStatus): void;
}

class StartFailed extends Error {
  constructor(readonly result: ServiceResult, readonly exitStatus: string, readonly exitCode: string) {
    super(`${result} (${exitStatus})`);
  }
}

interface UnitRecord {
  state: UnitState;
  result?: ServiceResult;
  exitStatus?: string;
  starts: number;
  main?: RunningProcess;
  lastActive?: number;
}

export class ServiceManager {
  private readonly records = new Map<string, UnitRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<RunningProcess>();
  private stopped = false;

  constructor(private readonly o: ManagerOptions) {}

  status(): UnitStatus[] {
    return [...this.records.entries()].map(([name, r]) => ({ name, state: r.state, starts: r.starts, ...(r.result ? { result: r.result } : {}), ...(r.exitStatus ? { exitStatus: r.exitStatus } : {}) }));
  }

  /** Boots: starts every unit of the transaction in order; resolves when every start job has settled. */
  async boot(target = 'multi-user.target'): Promise<void> {
    const names = bootTransaction(this.o.units, target);
    const jobs = new Map<string, Promise<boolean>>();
    const inProgress = new Set<string>();
    const job = (name: string): Promise<boolean> => {
      const existing = jobs.get(name);
      if (existing) return existing;
      if (inProgress.has(name)) throw new Error(`ordering cycle through ${name}`);
      inProgress.add(name);
      const before = names.filter((other) => other !== name && orderedBefore(this.o.units, other, name));
      const p = (async (): Promise<boolean> => {
        await Promise.all(before.map((b) => job(b)));
        const required = requiresOf(this.o.units, name).filter((r) => names.includes(r));
        const results = await Promise.all(required.map((r) => job(r)));
        if (results.some((ok) => !ok)) {
          this.dependencyFailed(name);
          return false;
        }
        return this.start(name);
      })();
      jobs.set(name, p);
      inProgress.delete(name);
      return p;
    };
    await Promise.all(names.map((n) => job(n)));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const p of this.running) p.kill();
  }

  private record(name: string): UnitRecord {
    let r = this.records.get(name);
    if (!r) {
      r = { state: 'inactive', starts: 0 };
      this.records.set(name, r);
    }
    return r;
  }

  private set(name: string, patch: Partial<UnitRecord>): void {
    const r = Object.assign(this.record(name), patch);
    this.o.onChange?.({ name, state: r.state, starts: r.starts, ...(r.result ? { result: r.result } : {}), ...(r.exitStatus ? { exitStatus: r.exitStatus } : {}) });
  }

  private unit(name: string): UnitFile | undefined {
    return this.o.units.units.get(name);
  }

  private title(name: string): string {
    const description = this.unit(name) && value(this.unit(name) as UnitFile, 'Unit', 'Description');
    return description ? `${name} - ${description}` : name;
  }

  private dependencyFailed(name: string): void {
    this.o.console(`[DEPEND] Dependency failed for ${this.title(name)}.\n`);
    this.set(name, { state: 'failed', result: 'dependency' });
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  /** One start of a unit; true when it started. */
  async start(name: string): Promise<boolean> {
    if (this.stopped) return false;
    const unit = this.unit(name);
    const r = this.record(name);
    if (r.state === 'active' || r.state === 'activating') return true;
    if (name.endsWith('.target')) {
      this.set(name, { state: 'active', result: 'success' });
      return true;
    }
    if (name.endsWith('.timer')) {
      this.startTimer(name);
      return true;
    }
    const host = this.o.hostUnits?.[name];
    if (!unit || (values(unit, 'Service', 'ExecStart').length === 0 && !host)) {
      // A unit nothing defines (or that has nothing to run) is treated as started: systemd would
      // report it "not found" and, when only Wanted, go on.
      this.set(name, { state: host ? 'active' : 'inactive' });
      return true;
    }
    this.set(name, { state: 'activating', starts: r.starts + 1, result: undefined, exitStatus: undefined });
    this.o.console(`         Starting ${this.title(name)}...\n`);
    try {
      const env = this.environment(unit);
      if (host) await this.startHostUnit(name, unit, host, env);
      else await this.startService(name, unit, env);
      return true;
    } catch (err) {
      const failure = err instanceof StartFailed ? err : new StartFailed('resources', String((err as Error).message), 'exited');
      await this.failed(name, unit, failure);
      return false;
    }
  }

  private environment(unit: UnitFile): Record<string, string> {
    const env: Record<string, string> = { ...this.o.baseEnv };
    for (const setting of values(unit, 'Service', 'Environment')) Object.assign(env, parseEnvironmentSetting(setting));
    for (const raw of values(unit, 'Service', 'EnvironmentFile')) {
      const optional = raw.startsWith('-');
      const path = optional ? raw.slice(1) : raw;
      const text = this.o.readNodeFile(path);
      if (text === undefined) {
        if (optional) continue;
        this.o.unitOutput(unit.name, `Failed to load environment files: ${path}: No such file or directory\n`);
        throw new StartFailed('resources', 'missing EnvironmentFile', 'exited');
      }
      Object.assign(env, parseEnvironmentFile(text));
    }
    return env;
  }

  private output(unit: UnitFile): (text: string) => void {
    const toConsole = ['StandardOutput', 'StandardError'].some((k) => (value(unit, 'Service', k) ?? '').includes('console'));
    return (text) => {
      this.o.unitOutput(unit.name, text);
      if (toConsole) this.o.console(text.endsWith('\n') ? text : `${text}\n`);
    };
  }

  /** Starts one command line's process. */
  private exec(unit: UnitFile, line: string, env: Record<string, string>): RunningProcess {
    const command = parseExecLine(line, env);
    const proc = this.o.spawn(command, env, this.output(unit));
    this.running.add(proc);
    void proc.exited.finally(() => this.running.delete(proc));
    return proc;
  }

  /** Runs one command line to its end; rejects with StartFailed on a failure that counts. */
  private async runToEnd(unit: UnitFile, line: string, env: Record<string, string>): Promise<void> {
    const ignore = parseExecLine(line, env).ignoreFailure;
    const exit = await this.exec(unit, line, env).exited;
    if (ignore) return;
    if (exit.signal) throw new StartFailed('signal', exit.signal.replace(/^SIG/, ''), 'killed');
    if (exit.code !== 0) throw new StartFailed('exit-code', String(exit.code), 'exited');
  }

  private async startService(name: string, unit: UnitFile, env: Record<string, string>): Promise<void> {
    const type = value(unit, 'Service', 'Type') ?? 'simple';
    for (const line of values(unit, 'Service', 'ExecStartPre')) await this.runToEnd(unit, line, env);
    if (type === 'oneshot') {
      for (const line of values(unit, 'Service', 'ExecStart')) await this.runToEnd(unit, line, env);
      for (const line of values(unit, 'Service', 'ExecStartPost')) await this.runToEnd(unit, line, env);
      this.o.console(`[  OK  ] Finished ${this.title(name)}.\n`);
      const remain = isYes(value(unit, 'Service', 'RemainAfterExit'));
      this.set(name, { state: remain ? 'active' : 'inactive', result: 'success', lastActive: Date.now() });
      if (!remain) await this.stopPost(unit, env, { result: 'success', exitStatus: '0', exitCode: 'exited' });
      return;
    }
    const [line] = values(unit, 'Service', 'ExecStart').slice(-1);
    const main = this.exec(unit, line as string, env);
    this.o.console(`[  OK  ] Started ${this.title(name)}.\n`);
    this.set(name, { state: 'active', result: 'success', main, lastActive: Date.now() });
    void main.exited.then(async (exit) => {
      if (this.stopped) return;
      const failure = exit.signal ? new StartFailed('signal', exit.signal.replace(/^SIG/, ''), 'killed') : exit.code !== 0 ? new StartFailed('exit-code', String(exit.code), 'exited') : undefined;
      if (failure) await this.failed(name, unit, failure, false);
      else {
        this.set(name, { state: 'inactive', result: 'success' });
        await this.stopPost(unit, env, { result: 'success', exitStatus: '0', exitCode: 'exited' });
        if (value(unit, 'Service', 'Restart') === 'always' || upheld(this.o.units).has(name)) this.restartLater(name, unit);
      }
    });
  }

  private async startHostUnit(name: string, unit: UnitFile, host: HostUnit, env: Record<string, string>): Promise<void> {
    for (const line of values(unit, 'Service', 'ExecStartPre')) await this.runToEnd(unit, line, env);
    const [line] = values(unit, 'Service', 'ExecStart').slice(-1);
    await host(line === undefined ? undefined : parseExecLine(line, env).argv, env);
    this.o.console(`[  OK  ] Started ${this.title(name)}.\n`);
    this.set(name, { state: 'active', result: 'success', lastActive: Date.now() });
  }

  private async stopPost(unit: UnitFile, env: Record<string, string>, how: { result: ServiceResult; exitStatus: string; exitCode: string }): Promise<void> {
    const postEnv = { ...env, SERVICE_RESULT: how.result, EXIT_CODE: how.exitCode, EXIT_STATUS: how.exitStatus };
    for (const line of values(unit, 'Service', 'ExecStopPost')) {
      try {
        await this.exec(unit, line, postEnv).exited;
      } catch {
        /* a failing ExecStopPost changes nothing */
      }
    }
  }

  private async failed(name: string, unit: UnitFile, failure: StartFailed, duringStart = true): Promise<void> {
    this.set(name, { state: 'failed', result: failure.result, exitStatus: failure.exitStatus });
    await this.stopPost(unit, this.safeEnv(unit), { result: failure.result, exitStatus: failure.exitStatus, exitCode: failure.exitCode });
    if (duringStart) this.o.console(`[FAILED] Failed to start ${this.title(name)}.\nSee 'systemctl status ${name}' for details.\n`);
    const restart = value(unit, 'Service', 'Restart') ?? 'no';
    const restarts = restart === 'always' || restart === 'on-failure' || (restart === 'on-abnormal' && failure.result === 'signal');
    // An upheld unit is started again, but not when its start failed for a dependency or its environment.
    if (restarts || (!duringStart && upheld(this.o.units).has(name))) this.restartLater(name, unit);
  }

  private safeEnv(unit: UnitFile): Record<string, string> {
    try {
      return this.environment(unit);
    } catch {
      return { ...this.o.baseEnv };
    }
  }

  private restartLater(name: string, unit: UnitFile): void {
    this.later(timeSpanMs(value(unit, 'Service', 'RestartSec'), 100), () => {
      this.set(name, { state: 'inactive' });
      void this.start(name);
    });
  }

  private startTimer(name: string): void {
    const unit = this.unit(name);
    this.set(name, { state: 'active', result: 'success' });
    if (!unit) return;
    const service = value(unit, 'Timer', 'Unit') ?? name.replace(/\.timer$/, '.service');
    const first = timeSpanMs(value(unit, 'Timer', 'OnBootSec') ?? value(unit, 'Timer', 'OnActiveSec'), Number.NaN);
    const every = timeSpanMs(value(unit, 'Timer', 'OnUnitActiveSec'), Number.NaN);
    const fire = (): void => {
      void this.start(service).finally(() => {
        if (Number.isFinite(every)) this.later(every, fire);
      });
    };
    if (Number.isFinite(first)) this.later(first, fire);
    else if (Number.isFinite(every)) this.later(every, fire);
  }
}
