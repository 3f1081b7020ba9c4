/** What the host tells a machine's supervisor (its spec file) and what the supervisor reports (JSON lines on stdout). */
import type { UnitStatus } from '../systemd/manager.js';

export interface SupervisorSpec {
  /** The machine's root on the host. */
  readonly root: string;
  readonly hostname: string;
  readonly privateIp: string;
  /** TCP listeners inside the machine and the host socket file each forwards to. */
  readonly relays: readonly { readonly host: string; readonly port: number; readonly socket: string }[];
  /** Appended with systemd's status lines and journal+console output (what GetConsoleOutput serves). */
  readonly consoleFile: string;
  /** One `<unit>.log` per unit. */
  readonly logDir: string;
  /** Units the host plays instead of running (containerd.service, kubelet.service). */
  readonly hostUnits: readonly string[];
  /** Unit search path, first match wins. */
  readonly unitDirs: readonly string[];
  /** PATH and friends for every unit process. */
  readonly baseEnv: Readonly<Record<string, string>>;
}

export type SupervisorEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'unit'; readonly status: UnitStatus }
  | { readonly type: 'host-unit'; readonly unit: string; readonly argv: readonly string[] }
  | { readonly type: 'booted' }
  | { readonly type: 'error'; readonly message: string };
