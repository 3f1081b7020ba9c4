/**
 * Errors thrown by @kube-aws/render. Each says which file (and where in it) is wrong and what to do.
 */
import { formatAssetProblem } from './assets/asset-problem.js';
import type { AssetProblem } from './assets/asset-problem.js';

/** One dangling name or malformed entry in a CloudFormation template, at a JSON path. */
export interface TemplateProblemDetail {
  readonly path: string;
  readonly name?: string;
  readonly message: string;
}

/**
 * Thrown by `assertTemplateReferences` when the stack template refers to a resource, parameter or
 * condition it does not define (or a node-phase resource from an unconditional one). The template is
 * built by kube-aws itself, so this is a bug in a resource set or in caller-supplied user data
 * (an `Fn::Sub` naming a parameter that was not passed in `parameters`).
 */
export class TemplateReferenceError extends Error {
  override readonly name = 'TemplateReferenceError';
  readonly file = 'stack-template.json';
  constructor(readonly problems: readonly TemplateProblemDetail[]) {
    super(
      `stack-template.json: ${problems.length} unresolved reference(s):\n` +
        problems.map((p) => `  ${p.path || '(template)'}: ${p.message}`).join('\n') +
        '\nFix the resource set or the parameters passed to buildStackTemplate.',
    );
  }
}

/**
 * Thrown by `readStackOutputs` when an output that every phase of the stack has is absent: the
 * stack was not made by this version of kube-aws, or its creation has not finished.
 */
export class StackOutputMissingError extends Error {
  override readonly name = 'StackOutputMissingError';
  constructor(readonly missingKeys: readonly string[]) {
    super(
      `the cluster stack has no output ${missingKeys.join(', ')}; wait for the stack to finish, ` +
        'or check that it was created by this version of kube-aws.',
    );
  }
}

/**
 * Thrown by `finalizeNodeIgnition` when the TLS assets handed in are not exactly the ones the node
 * role receives: a missing file (credentials/ incomplete) or one that must never reach that node
 * (e.g. admin or a CA key on a worker). Only file names appear here, never contents.
 */
export class NodeAssetsMismatchError extends Error {
  override readonly name = 'NodeAssetsMismatchError';
  constructor(
    readonly role: 'controller' | 'worker',
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
  ) {
    super(
      `userdata/${role}.ign: TLS assets for the ${role} do not match what it needs` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (unexpected.length > 0 ? `; not allowed on this node: ${unexpected.join(', ')}` : '') +
        '. Re-run `kube-aws render` to regenerate credentials/, or pass only the node\'s assets.',
    );
  }
}

/**
 * Thrown by `buildIgnitionStub` when the S3 source or the SHA-512 digest of the full config is
 * malformed: the stub would make every node fail to boot.
 */
export class IgnitionStubError extends Error {
  override readonly name = 'IgnitionStubError';
  constructor(
    readonly field: 'source' | 'sha512',
    detail: string,
  ) {
    super(`Ignition stub: invalid ${field}: ${detail}`);
  }
}

/** One problem found in an Ignition config: file, place (JSON path or `<node path>: <doc>: <field>`), what. */
export interface IgnitionProblemDetail {
  readonly file: string;
  readonly location: string;
  readonly message: string;
}

/**
 * Thrown by `assertValidIgnition` (validate/up) when a node config under userdata/ fails the
 * Ignition 3.4.0 schema or kube-aws's own checks (embedded manifests, units, data URLs).
 * Edit the named file at the named place, or re-run `kube-aws render` into a fresh directory.
 */
export class IgnitionValidationError extends Error {
  override readonly name = 'IgnitionValidationError';
  constructor(readonly problems: readonly IgnitionProblemDetail[]) {
    super(`Ignition validation errors:\n${problems.map((p) => `${p.file}: ${p.location}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Thrown by `validateClusterAssets` when any rendered asset is wrong: one line per problem, each
 * naming the file and the place in it, so the user can fix them all in one pass.
 */
export class AssetValidationError extends Error {
  override readonly name = 'AssetValidationError';
  readonly problems: readonly AssetProblem[];

  constructor(problems: readonly AssetProblem[]) {
    super(`${problems.length} problem(s) in the rendered assets:\n${problems.map((p) => `  ${formatAssetProblem(p)}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Thrown by `render` (through `kubernetesRelease`) when cluster.yaml's `kubernetesVersion` has no
 * row in the table of supported versions (`src/manifests/versions.ts`): kube-aws does not know
 * which images go with it, so it renders nothing rather than nodes that cannot boot.
 */
export class UnsupportedKubernetesVersionError extends Error {
  override readonly name = 'UnsupportedKubernetesVersionError';
  /** The cluster.yaml key to change. */
  readonly field = 'kubernetesVersion';
  constructor(
    readonly kubernetesVersion: string,
    /** The supported minors, e.g. `['1.36']`. */
    readonly supported: readonly string[],
    readonly suggestion: string,
  ) {
    super(
      `kubernetesVersion ${kubernetesVersion} in cluster.yaml has no row in kube-aws's table of supported versions, ` +
        'which pins the node images (cloud controller manager, CoreDNS, etcd, pause, CNI, EBS CSI) per Kubernetes minor; ' +
        `supported: ${supported.map((m) => `v${m}.x`).join(', ')}. Set kubernetesVersion to one of those (e.g. ${suggestion}) and run kube-aws render again.`,
    );
  }
}

/**
 * Thrown by `render` when a node config it built pins an image that is not in the row of the
 * cluster's Kubernetes minor (`src/manifests/versions.ts`): a kube-aws bug, caught before any
 * node could pull a version nobody checked. Lists each file and image.
 */
export class PinnedImageError extends Error {
  override readonly name = 'PinnedImageError';
  constructor(readonly problems: readonly string[]) {
    super(`the rendered userdata pins images outside kube-aws's version table:\n${problems.map((p) => `  ${p}`).join('\n')}\nReport this as a kube-aws bug.`);
  }
}
