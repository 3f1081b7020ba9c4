/**
 * Where progress goes. On a terminal an ora spinner line shows the current step and the elapsed
 * time under the scrolling log; anywhere else (a pipe, CI, a log file) only plain lines, so the
 * output stays readable and diffable. Both write to stderr: stdout is for the result.
 */
import type { Writable } from 'node:stream';
import ora from 'ora';
import type { Ora } from 'ora';

export interface ProgressView {
  /** A line of the log (a step change, a stack event). */
  line(text: string): void;
  /** The spinner's text; plain output ignores it (its lines already say the same). */
  status(text: string): void;
  /** Removes the spinner; idempotent. */
  stop(): void;
}

export function plainView(stream: Writable): ProgressView {
  return {
    line: (text) => void stream.write(`${text}\n`),
    status: () => undefined,
    stop: () => undefined,
  };
}

export function spinnerView(stream: Writable & { isTTY?: boolean }): ProgressView {
  // discardStdin would put stdin in raw mode and swallow Ctrl-C; the CLI wants the real SIGINT.
  const spinner: Ora = ora({ stream, discardStdin: false, text: 'starting' }).start();
  let stopped = false;
  return {
    // ora (9) hooks writes to its stream while it spins: it clears the spinner line, lets the
    // line through and draws the spinner again below it.
    line: (text) => void stream.write(`${text}\n`),
    status(text) {
      if (!stopped) spinner.text = text;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner.stop();
    },
  };
}

type MaybeTerminal = Writable & { isTTY?: boolean; columns?: number };

/**
 * A spinner only on a terminal with a width: a pseudo-terminal that reports 0 columns (some CI
 * runners, `script` without a terminal) would make ora's line arithmetic divide by zero.
 */
export function isSpinnerTerminal(stream: MaybeTerminal): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0;
}

export function progressView(stream: MaybeTerminal, tty: boolean = isSpinnerTerminal(stream)): ProgressView {
  return tty ? spinnerView(stream) : plainView(stream);
}
