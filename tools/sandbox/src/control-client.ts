/**
 * A client of the proxy's control API (`/_sandbox/…`), for tests, the library handle and the CLI.
 * Works the same against an in-process proxy and a detached one.
 */
export interface PaceSettings {
  readonly paceMs?: number;
  readonly changeSetPaceMs?: number;
  readonly eventPageSize?: number;
}

export interface FailureOptions {
  /** Fail on every operation, not only the next one. */
  readonly persistent?: boolean;
}

export interface FaultOptions {
  readonly kind?: 'throttle' | 'unavailable';
  /** How many calls to answer with the fault (default 1). */
  readonly count?: number;
  /** SigV4 service name (`cloudformation`, `ec2`, …); any service when absent. */
  readonly service?: string;
}

/** One cluster the sandbox runs machines for (@kube-aws/machines ClusterView). */
export interface MachineClusterView {
  readonly stackName: string;
  readonly clusterName: string;
  readonly state: 'booting' | 'running' | 'failed';
  readonly error?: string;
  readonly apiServer?: string;
  readonly externalNames: readonly string[];
  readonly nodes: readonly {
    readonly name: string;
    readonly instanceId: string;
    readonly role: string;
    readonly state: string;
    readonly error?: string;
    /** The machine's units as its systemd stand-in reports them. */
    readonly units: readonly { readonly name: string; readonly state: string; readonly result?: string; readonly exitStatus?: string; readonly starts: number }[];
    /** Where the machine keeps console.log and units/<unit>.log. */
    readonly logDir: string;
  }[];
}

export class SandboxControl {
  constructor(readonly proxyUrl: string) {}

  private async call<T>(method: string, path: string, body?: object): Promise<T> {
    const res = await fetch(`${this.proxyUrl}/_sandbox/${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${json.error ?? res.status}`);
    return json;
  }

  setPace(settings: PaceSettings): Promise<Required<PaceSettings>> {
    return this.call('POST', 'settings', settings);
  }

  /** Fails `logicalId` of stack `stackName` (CREATE_FAILED / UPDATE_FAILED with `reason`) the next time it is created or updated. */
  failResource(stackName: string, logicalId: string, reason?: string, options: FailureOptions = {}): Promise<unknown> {
    return this.call('POST', 'failures', { stackName, logicalId, ...(reason ? { reason } : {}), ...options });
  }

  /** Answers the next `count` calls of `action` (`*` for any) with a throttling or 503 fault. */
  addFault(action: string, options: FaultOptions = {}): Promise<unknown> {
    return this.call('POST', 'faults', { action, ...options });
  }

  /** Forgets paced stacks, change sets, tokens, failures and faults (the pace stays). */
  async clear(): Promise<void> {
    await this.call('POST', 'clear');
  }

  /** The clusters whose machines the sandbox runs, with their nodes. */
  async machines(): Promise<{ enabled: boolean; clusters: MachineClusterView[] }> {
    return this.call('GET', 'machines');
  }

  /** Stops (`paused`) or restarts a node's kubelet heartbeats. */
  async pauseNode(node: string, paused = true): Promise<void> {
    await this.call('POST', paused ? 'machines/pause' : 'machines/resume', { node });
  }

  state(): Promise<Record<string, unknown>> {
    return this.call('GET', 'state');
  }

  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.proxyUrl}/_sandbox/health`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    } catch {
      return false;
    }
  }
}
