/**
 * A task that runs every `intervalMs` until stopped, never overlapping itself (the next run is
 * scheduled when the previous one ends). Errors go to `onError`; the loop keeps going.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private current: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts the loop with a run right away. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops scheduling, and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.task()
        .catch((err: unknown) => {
          if (this.running) this.onError(err);
        })
        .finally(() => {
          this.current = undefined;
          if (this.running) this.schedule(this.intervalMs);
        });
    }, delay);
  }
}
