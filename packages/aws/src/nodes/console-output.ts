/**
 * An instance's console output (`ec2:GetConsoleOutput`), for telling why a node did not join.
 * It asks for the latest output (`Latest: true`, Nitro instances only) and, when that is refused,
 * for the buffered output AWS keeps from the last state change; the answer is base64.
 *
 * Reading a console is a diagnosis, never a step verify depends on: every error (access denied,
 * throttling, a timeout, an empty answer) is "no console output", so a reader never throws.
 */
import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';

/** The console text of an instance, or undefined when there is none to read. */
export type ConsoleReader = (instanceId: string) => Promise<string | undefined>;

/** One read (both requests, with the fallback) takes at most this long. */
export const CONSOLE_READ_TIMEOUT_MS = 8_000;

/** Errors that the same request without `Latest` would meet too: no second request for them. */
const NO_FALLBACK = /^(?:UnauthorizedOperation|AccessDenied|AuthFailure|Throttling|RequestLimitExceeded|.*Throttl|InvalidInstanceID|AbortError|TimeoutError)/;

export interface ConsoleReaderOptions {
  readonly timeoutMs?: number;
}

/** Base64 as GetConsoleOutput answers it → text (undefined when empty). */
export function decodeConsoleOutput(output: string | undefined): string | undefined {
  if (!output) return undefined;
  const text = Buffer.from(output, 'base64').toString('utf8');
  return text.trim() === '' ? undefined : text;
}

/**
 * A reader over `ec2` (the cluster region's client). It remembers, per instance, that `Latest`
 * was refused, so such an instance costs one request per read after the first.
 */
export function ec2ConsoleReader(ec2: Pick<EC2Client, 'send'>, options: ConsoleReaderOptions = {}): ConsoleReader {
  const latestRefused = new Set<string>();
  return async (instanceId) => {
    // A timer of our own rather than AbortSignal.timeout, whose unref'd timer lets a process
    // with nothing else to do exit in the middle of the wait.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('GetConsoleOutput took too long')), options.timeoutMs ?? CONSOLE_READ_TIMEOUT_MS);
    const activity = activitySignal();
    const abortSignal = activity ? AbortSignal.any([timeout.signal, activity]) : timeout.signal;
    const read = async (latest: boolean): Promise<string | undefined> => {
      const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, ...(latest ? { Latest: true } : {}) }), { abortSignal });
      return decodeConsoleOutput(out.Output);
    };
    try {
      if (latestRefused.has(instanceId)) return await read(false);
      try {
        return await read(true);
      } catch (error) {
        if (abortSignal.aborted || NO_FALLBACK.test(awsErrorCode(error) ?? '')) return undefined;
      }
      // Latest refused (not a Nitro instance, or an API without it): the buffered output, and
      // once that works, only that for this instance.
      const buffered = await read(false);
      latestRefused.add(instanceId);
      return buffered;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
}
