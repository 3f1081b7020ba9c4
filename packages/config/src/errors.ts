/**
 * Errors thrown by @kube-aws/config. Each message says which file or flag is wrong and what to do;
 * none holds key material (cluster.yaml has none: kmsKeyArn is an identifier, not a key).
 */
import { formatIssue } from './issues.js';
import type { ConfigIssue } from './model.js';

/**
 * Thrown by `loadClusterConfig` when cluster.yaml has errors (YAML syntax, unknown keys, bad
 * values, inconsistent settings). `issues` holds every error found in the one run; the message
 * is them formatted, one `cluster.yaml:LINE:COL: key: message` per line.
 */
export class ClusterConfigError extends Error {
  override readonly name = 'ClusterConfigError';
  readonly issues: readonly ConfigIssue[];
  /** Path of the file that was read. */
  readonly file: string;

  constructor(issues: readonly ConfigIssue[], file: string, fileName = 'cluster.yaml') {
    super(issues.map((i) => formatIssue(i, fileName)).join('\n'));
    this.issues = issues;
    this.file = file;
  }
}

/** Thrown by `loadClusterConfig` when the directory has no cluster.yaml (usually: init not run yet). */
export class ClusterConfigNotFoundError extends Error {
  override readonly name = 'ClusterConfigNotFoundError';
  readonly dir: string;
  readonly file: string;

  constructor(dir: string, file: string) {
    super(`no cluster.yaml in ${dir}; run \`kube-aws init\` there first to create one`);
    this.dir = dir;
    this.file = file;
  }
}

/**
 * Thrown by `writeInitialClusterYaml` when init flags are missing or malformed; `issues` holds
 * every problem (each message names its flag, e.g. `--kms-key-arn`), the message lists them.
 */
export class InitOptionsError extends Error {
  override readonly name = 'InitOptionsError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.issues = issues;
  }
}

/** Thrown by `writeInitialClusterYaml` when cluster.yaml already exists; nothing was changed. */
export class ClusterYamlExistsError extends Error {
  override readonly name = 'ClusterYamlExistsError';
  readonly dir: string;
  readonly file: string;

  constructor(dir: string, file: string) {
    super(`cluster.yaml already exists in ${dir}; remove it or run init in an empty directory`);
    this.dir = dir;
    this.file = file;
  }
}
