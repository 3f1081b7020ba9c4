/**
 * Bounded console reads for verify's polling loop. `observeKubernetes` polls every few seconds and
 * the workflow calls it again every 30 s, so the console of a node that has not registered would
 * be read over and over; one `ConsoleWatch` per worker remembers what each instance's console
 * showed and reads it again only after {@link CONSOLE_READ_INTERVAL_MS}, at most
 * {@link CONSOLE_READS_PER_LOOK} instances per look (the longest unread first), all at once with a
 * bounded time each, so a poll stays well inside the activity's heartbeat timeout.
 */
import type { BootUnitFailure, NodeBootFailure, NodeInstanceRef } from '../contract.js';
import { parseBootConsole } from './boot-console.js';
import type { ConsoleReader } from './console-output.js';

export const CONSOLE_READ_INTERVAL_MS = 30_000;
export const CONSOLE_READS_PER_LOOK = 5;
/** Units per node, and nodes, a look reports (they travel in activity results and messages). */
export const BOOT_FAILURE_UNITS = 3;
export const BOOT_FAILURE_NODES = 10;
/** What an instance's console showed is forgotten this long after it was read (terminated instances). */
const FORGET_AFTER_MS = 15 * 60_000;

interface Seen {
  readonly readAt: number;
  readonly units: readonly BootUnitFailure[];
}

export interface ConsoleWatchOptions {
  readonly now?: () => Date;
  readonly intervalMs?: number;
  readonly readsPerLook?: number;
}

export class ConsoleWatch {
  private readonly seen = new Map<string, Seen>();
  private readonly now: () => Date;
  private readonly intervalMs: number;
  private readonly readsPerLook: number;

  constructor(options: ConsoleWatchOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.intervalMs = options.intervalMs ?? CONSOLE_READ_INTERVAL_MS;
    this.readsPerLook = options.readsPerLook ?? CONSOLE_READS_PER_LOOK;
  }

  /**
   * The failed boot units of `instances` (nodes that have not registered), reading the consoles
   * that are due with `read`; an instance whose console was never read yet, or shows no failed
   * unit, is not in the answer. Never throws: a read that fails is an empty console.
   */
  async bootFailures(instances: readonly NodeInstanceRef[], read: ConsoleReader): Promise<NodeBootFailure[]> {
    const now = this.now().getTime();
    for (const [id, s] of this.seen) if (now - s.readAt > FORGET_AFTER_MS) this.seen.delete(id);

    const due = instances
      .filter((i) => now - (this.seen.get(i.instanceId)?.readAt ?? -Infinity) >= this.intervalMs)
      .sort((a, b) => (this.seen.get(a.instanceId)?.readAt ?? -Infinity) - (this.seen.get(b.instanceId)?.readAt ?? -Infinity))
      .slice(0, this.readsPerLook);
    // Marked before reading, so a look that overlaps this one does not read the same console.
    for (const i of due) this.seen.set(i.instanceId, { readAt: now, units: this.seen.get(i.instanceId)?.units ?? [] });
    await Promise.all(
      due.map(async (i) => {
        let units: readonly BootUnitFailure[] = [];
        try {
          const text = await read(i.instanceId);
          units = text === undefined ? [] : parseBootConsole(text).slice(0, BOOT_FAILURE_UNITS);
        } catch {
          // A diagnosis only: a reader that throws after all counts as no console output.
        }
        this.seen.set(i.instanceId, { readAt: now, units });
      }),
    );

    return instances
      .flatMap((i) => {
        const units = this.seen.get(i.instanceId)?.units ?? [];
        return units.length === 0 ? [] : [{ nodeName: i.nodeName, instanceId: i.instanceId, units }];
      })
      .slice(0, BOOT_FAILURE_NODES);
  }
}
