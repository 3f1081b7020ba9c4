/** Process exit codes of the kube-aws command; scripts may rely on them. */
export const ExitCode = {
  Ok: 0,
  /** Infrastructure or AWS failure: retrying later, or fixing the account, may help. */
  Failure: 1,
  /** User or configuration error: fix the input and run again. */
  UserError: 2,
  /** A wait ran out of time; the operation may still be under way. */
  Timeout: 3,
  /** Ctrl-C: the CLI detached; the durable operation goes on. */
  Detached: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
