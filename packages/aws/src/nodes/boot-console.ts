/**
 * Which boot units failed on a node, read from its EC2 console output. A Flatcar node's console
 * carries systemd's status lines (`Starting <unit> - …`, `[  OK  ] Finished <unit> …`,
 * `[FAILED] Failed to start <unit> …`), and the kube-aws units send their output to journal+console
 * and report their own failure with `kube-aws: <unit> failed (result=exit-code, status=1)`.
 *
 * The console is untrusted text a node printed: only a few short lines of it leave this module,
 * with ANSI colours and control characters removed and anything that looks like a private key or
 * an AWS secret key redacted.
 */
import type { BootUnitFailure, NodeBootFailure } from '../contract.js';

/** Lines of a unit's own output kept, and the length each is cut to. */
export const BOOT_FAILURE_LINES = 5;
export const BOOT_FAILURE_LINE_CHARS = 200;
/** GetConsoleOutput returns at most 64 KB; anything longer is cut from the front (the end is newer). */
const MAX_CONSOLE_CHARS = 256 * 1024;

const UNIT = String.raw`([A-Za-z0-9][A-Za-z0-9:_.@\\-]*\.(?:service|socket|target|mount|automount|path|timer|swap|device|scope|slice))`;
const STARTING = new RegExp(String.raw`^Starting ${UNIT}(?![A-Za-z0-9:_.@\\-])`);
const KUBE_AWS_FAILED = new RegExp(String.raw`^kube-aws: ${UNIT} failed(?: \(([^)]*)\))?`);
const FAILED_TO_START = new RegExp(String.raw`^\[FAILED\] Failed to start ${UNIT}(?![A-Za-z0-9:_.@\\-])`);
const SUCCEEDED = new RegExp(String.raw`^\[ {2}OK {2}\] (?:Finished|Started) ${UNIT}(?![A-Za-z0-9:_.@\\-])`);
/** systemd's status lines (`[  OK  ]`, `[FAILED]`, `[DEPEND]`, `[ TIME ]`, `[  *** ]` …) and the like. */
const STATUS_LINE = /^(?:\[[ A-Z*]{6}\]|Starting |Stopping |See 'systemctl |kube-aws: \S+ failed)/;

/** A kernel-style timestamp (`[   12.345678] `), as consoles with printk times show. */
const KERNEL_TIME = /^\[\s*\d+\.\d+\]\s?/;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** The rest of a key block whose BEGIN line was cut off. */
const PEM_KEY_TAIL = /^(?:(?!-----BEGIN )[\s\S])*?-----END [A-Z0-9 ]*PRIVATE KEY-----/;
/** `aws_secret_access_key = …`, `"SecretAccessKey": "…"` (IMDS credentials), session tokens. */
const NAMED_SECRET = /((?:aws_)?secret_?access_?key|SecretAccessKey|aws_session_token|SessionToken|"Token")(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi;
/** A bare 40-character base64 string with upper and lower case: the shape of an AWS secret key. */
const BARE_SECRET = /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** The text with private key blocks and AWS secret keys replaced by a marker. */
export function redactSecrets(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, '[redacted private key]')
    .replace(NAMED_SECRET, '$1$2[redacted]')
    .replace(BARE_SECRET, '[redacted]');
}

/** Console lines as a person reads them: no colours, no control characters, no kernel timestamps. */
function consoleLines(text: string): string[] {
  let tail = text;
  if (text.length > MAX_CONSOLE_CHARS) {
    // The cut may fall inside a key block: what comes before its END line goes too.
    tail = text.slice(text.length - MAX_CONSOLE_CHARS).replace(PEM_KEY_TAIL, '[redacted private key]');
  }
  return redactSecrets(tail)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(ANSI, '').replace(CONTROL, '').replace(KERNEL_TIME, '').trim());
}

function cut(line: string): string {
  return line.length > BOOT_FAILURE_LINE_CHARS ? `${line.slice(0, BOOT_FAILURE_LINE_CHARS - 1)}…` : line;
}

/** `result=exit-code, status=1` → its fields, each a short plain token. */
function reportedFields(text: string | undefined): { result?: string; status?: string } {
  const fields: { result?: string; status?: string } = {};
  for (const part of (text ?? '').split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!value || !/^[\w./-]{1,40}$/.test(value)) continue;
    if (key === 'result') fields.result = value;
    if (key === 'status') fields.status = value;
  }
  return fields;
}

interface Failure {
  /** Index of the `Starting` line of the attempt that failed (-1: none seen). */
  readonly attempt: number;
  /** Index of the first line that reported the failure. */
  readonly at: number;
  /** When this run of failures began (a success clears it), for ordering. */
  readonly since: number;
  /** The unit said so itself (`kube-aws: <unit> failed …`). */
  readonly reported: boolean;
  readonly result?: string;
  readonly status?: string;
}

/**
 * The unit's own output in an attempt: the lines between its `Starting` line (or, without one, the
 * previous status line) and the failure, that are not status lines; the last few, cut short.
 */
function outputOf(lines: readonly string[], failure: Failure): string[] {
  const output: string[] = [];
  for (let i = failure.at - 1; i > failure.attempt && output.length < BOOT_FAILURE_LINES; i--) {
    const line = lines[i] ?? '';
    if (STATUS_LINE.test(line)) {
      if (failure.attempt < 0) break;
      continue;
    }
    if (line !== '') output.unshift(cut(line));
  }
  return output;
}

/**
 * The units whose last attempt failed, those kube-aws reported (or named `kube-aws…`) first, then
 * in the order they began failing. Each has its result and status when it reported them, and its
 * last lines of output. A unit that started again and succeeded is not failed.
 */
export function parseBootConsole(text: string): BootUnitFailure[] {
  const lines = consoleLines(text);
  const lastStart = new Map<string, number>();
  const failed = new Map<string, Failure>();

  const record = (unit: string, at: number, reported: boolean, fields: { result?: string; status?: string }): void => {
    const attempt = lastStart.get(unit) ?? -1;
    const previous = failed.get(unit);
    if (previous && previous.attempt === attempt) {
      // The same attempt reported twice (the unit's own line and systemd's [FAILED]): merge.
      failed.set(unit, { ...previous, ...fields, reported: previous.reported || reported });
      return;
    }
    failed.set(unit, { attempt, at, since: previous?.since ?? at, reported, ...fields });
  };

  lines.forEach((line, i) => {
    let m: RegExpExecArray | null;
    if ((m = STARTING.exec(line))) lastStart.set(m[1] as string, i);
    else if ((m = KUBE_AWS_FAILED.exec(line))) record(m[1] as string, i, true, reportedFields(m[2]));
    else if ((m = FAILED_TO_START.exec(line))) record(m[1] as string, i, false, {});
    else if ((m = SUCCEEDED.exec(line))) failed.delete(m[1] as string);
  });

  const ours = (unit: string, f: Failure): boolean => f.reported || unit.startsWith('kube-aws');
  return [...failed.entries()]
    .sort(([ua, a], [ub, b]) => Number(ours(ub, b)) - Number(ours(ua, a)) || a.since - b.since)
    .map(([unit, f]) => ({
      unit,
      ...(f.result === undefined ? {} : { result: f.result }),
      ...(f.status === undefined ? {} : { status: f.status }),
      lastLines: outputOf(lines, f),
    }));
}

/** `kube-aws-decrypt-assets.service failed (status=1): <last line>`, for one-line reasons. */
export function describeUnitFailure(f: BootUnitFailure): string {
  const why = [f.result && f.result !== 'exit-code' ? `result=${f.result}` : '', f.status ? `status=${f.status}` : ''].filter((s) => s !== '');
  const last = f.lastLines[f.lastLines.length - 1];
  return `${f.unit} failed${why.length > 0 ? ` (${why.join(', ')})` : ''}${last ? `: ${last}` : ''}`;
}

/**
 * The line verify shows for a node that did not join:
 * `ip-10-0-0-51.us-west-1.compute.internal (i-0abc…): not registered — kube-aws-decrypt-assets.service failed (status=1): <last line>`.
 */
export function describeBootFailure(f: NodeBootFailure): string {
  return `${f.nodeName} (${f.instanceId}): not registered — ${f.units.map(describeUnitFailure).join('; ')}`;
}
