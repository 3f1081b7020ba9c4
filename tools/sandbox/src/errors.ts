/**
 * Errors of @kube-aws/sandbox. Each says what failed and what to do about it.
 */

/**
 * A port the sandbox wants (`npm run sandbox -- up` uses fixed ones) is taken by a program that
 * is not part of the sandbox.
 */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    readonly envVar: string,
  ) {
    super(`port ${port} (for ${service}) is in use by another program. Stop it, or choose another port with ${envVar}=<port>.`);
  }
}

/** A CLI command needs the sandbox up (`env`, `reset`), and it is not. */
export class SandboxNotRunningError extends Error {
  override readonly name = 'SandboxNotRunningError';
  constructor(readonly missing: readonly string[]) {
    super(`the sandbox is not up (${missing.join(', ')} not running). Start it with: npm run sandbox -- up`);
  }
}

/** Seeding the sandbox account over the AWS API failed (moto answered an error). */
export class SeedError extends Error {
  override readonly name = 'SeedError';
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`seeding the sandbox account failed at "${step}": ${cause instanceof Error ? cause.message : String(cause)}. Is moto up (npm run sandbox -- status)?`);
  }
}

/** Thrown by the process helpers the sandbox shares with its machines (@kube-aws/machines). */
export { ServiceStartError } from '@kube-aws/machines';
