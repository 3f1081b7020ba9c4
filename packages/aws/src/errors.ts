/**
 * Errors thrown by @kube-aws/aws. Each class names an outcome, carries the context a user needs
 * (stack name, status, failed resources) and a message that says what to do. Each has a
 * {@link AwsActivityError.failureType} from FAILURE_TYPES: `toActivityFailure` (failures.ts) turns
 * them into non-retryable `ApplicationFailure`s of that type at the activity boundary.
 *
 * No message here ever holds key material or a request body: names, statuses and AWS's own
 * reasons only.
 */
import type { FailureType, StackFailure } from './contract.js';

/** Base of every typed error this package throws; `failureType` is the Temporal failure type. */
export abstract class AwsActivityError extends Error {
  abstract readonly failureType: FailureType;
}

/**
 * The stack exists but was not made by kube-aws for this cluster (no `kube-aws:cluster` tag, or
 * another cluster's): kube-aws never updates or deletes it.
 */
export class ForeignStackError extends AwsActivityError {
  override readonly name = 'ForeignStackError';
  readonly failureType = 'ForeignStack';
  constructor(
    readonly stackName: string,
    readonly expectedCluster: string | undefined,
    readonly foundCluster: string | undefined,
  ) {
    super(
      `stack ${stackName} exists but was not created by kube-aws` +
        (expectedCluster === undefined ? '' : ` for cluster ${expectedCluster}`) +
        (foundCluster === undefined ? ' (it has no kube-aws:cluster tag)' : ` (its kube-aws:cluster tag says ${foundCluster})`) +
        '; kube-aws will not touch it. Choose another stackName/clusterName in cluster.yaml, or delete that stack yourself.',
    );
  }
}

/**
 * The stack an operation needs is not there: the nodes phase of `up` found no stack (it was
 * deleted, or the assets phase never ran), or it was never created (`REVIEW_IN_PROGRESS`).
 */
export class StackGoneError extends AwsActivityError {
  override readonly name = 'StackGoneError';
  readonly failureType = 'StackGone';
  constructor(
    readonly stackName: string,
    readonly detail: string,
  ) {
    super(`stack ${stackName} ${detail}; run kube-aws up again to create it from the start.`);
  }
}

/**
 * The stack is in the middle of another operation (an update, a delete, a rollback) that this
 * one must not interleave with.
 */
export class StackBusyError extends AwsActivityError {
  override readonly name = 'StackBusyError';
  readonly failureType = 'StackBusy';
  constructor(
    readonly stackName: string,
    readonly status: string,
    readonly wanted: string,
  ) {
    super(
      `stack ${stackName} is ${status}, so kube-aws cannot ${wanted} now; wait until it settles ` +
        `(aws cloudformation describe-stacks --stack-name ${stackName}) and run the command again.`,
    );
  }
}

/**
 * The stack is in a state it cannot be updated from (a failed create: `CREATE_FAILED`,
 * `ROLLBACK_COMPLETE`, …; or `UPDATE_ROLLBACK_FAILED`), or an operation on it ended in failure.
 * `failures` lists the resources that failed and why, when they are known.
 */
export class StackFailedError extends AwsActivityError {
  override readonly name = 'StackFailedError';
  readonly failureType = 'StackFailed';
  constructor(
    readonly stackName: string,
    readonly status: string,
    readonly failures: readonly StackFailure[],
    readonly fix: string,
  ) {
    super(
      `stack ${stackName} is ${status}` +
        (failures.length === 0 ? '' : `; failed: ${failures.map((f) => `${f.logicalId} (${f.resourceType}): ${f.reason}`).join('; ')}`) +
        ` — ${fix}`,
    );
  }
}

/**
 * CloudFormation could not make the change set (a template or parameter CloudFormation rejects
 * only when it plans the change, e.g. a bad property value or a missing capability).
 */
export class ChangeSetFailedError extends AwsActivityError {
  override readonly name = 'ChangeSetFailedError';
  readonly failureType = 'TemplateInvalid';
  constructor(
    readonly stackName: string,
    readonly changeSetName: string,
    readonly reason: string,
  ) {
    super(
      `CloudFormation rejected change set ${changeSetName} for stack ${stackName}: ${reason} — ` +
        'fix cluster.yaml (or stack-template.json), run kube-aws render, and run kube-aws up again.',
    );
  }
}

/**
 * The stack template is too large to send: over CloudFormation's inline `TemplateBody` limit with
 * no S3 bucket to pass it through as a `TemplateURL`, or over the `TemplateURL` limit itself.
 */
export class TemplateTooLargeError extends AwsActivityError {
  override readonly name = 'TemplateTooLargeError';
  readonly failureType = 'TemplateInvalid';
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
    readonly viaS3: boolean,
  ) {
    super(
      `stack-template.json is ${bytes} bytes, over CloudFormation's ${limitBytes}-byte ${viaS3 ? 'TemplateURL' : 'inline'} limit` +
        (viaS3
          ? '; shrink the template (fewer subnets, shorter stackTags).'
          : ' and there is no S3 bucket to upload it to before the stack exists; keep the assets in an s3:// assets URI, ' +
            'or shrink the template (fewer subnets, shorter stackTags).'),
    );
  }
}

/**
 * An activity was called with input it cannot act on (e.g. the nodes phase without the node
 * config digests). The caller (a workflow) is wrong, not AWS.
 */
export class InvalidActivityInputError extends AwsActivityError {
  override readonly name = 'InvalidActivityInputError';
  readonly failureType = 'AwsRequestInvalid';
  constructor(
    readonly activity: string,
    readonly detail: string,
  ) {
    super(`${activity}: ${detail} (a bug in the calling workflow; report it).`);
  }
}

/**
 * cluster.yaml's `kmsKeyArn` cannot serve the cluster: it does not exist, is disabled or pending
 * deletion, is not a symmetric ENCRYPT_DECRYPT key, or is in another region or account. Preflight
 * reports this as its `kms-key` check; `deployStack` throws it when it had to resolve the key
 * itself (a run started before preflight resolved keys). `problem` says why and what to fix.
 */
export class KmsKeyUnusableError extends AwsActivityError {
  override readonly name = 'KmsKeyUnusableError';
  readonly failureType = 'ConfigInvalid';
  constructor(readonly problem: string) {
    super(problem);
  }
}

/**
 * A file the activity needs is not in the cluster's asset store (`kube-aws render` has not run, or
 * the directory is not the cluster's).
 */
export class AssetsMissingError extends AwsActivityError {
  override readonly name = 'AssetsMissingError';
  readonly failureType = 'AssetsMissing';
  constructor(
    readonly assetsUri: string,
    readonly path: string,
  ) {
    super(`${path} is missing from ${assetsUri}; run kube-aws render in the cluster directory first.`);
  }
}


/**
 * The API server answered 401 to one of the rendered client credentials, or authenticated it as
 * an identity it must not have (the worker bootstrap credential outside `system:bootstrappers`).
 * `file` is the credential's file relative to the cluster directory; `reason` says why, as far
 * as the credential itself tells (not signed by credentials/ca.pem, expired …).
 */
export class CredentialRejectedError extends AwsActivityError {
  override readonly name = 'CredentialRejectedError';
  readonly failureType = 'CredentialRejected';
  constructor(
    readonly file: string,
    readonly what: string,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`${file}, ${what}, ${reason}; ${fix}`);
  }
}

/** The API server answered 403: the credential authenticated but may not make the call. */
export class KubernetesForbiddenError extends AwsActivityError {
  override readonly name = 'KubernetesForbiddenError';
  readonly failureType = 'KubernetesForbidden';
  constructor(
    readonly file: string,
    readonly what: string,
    readonly call: string,
    readonly serverMessage: string,
  ) {
    super(
      `${file}, ${what}, authenticated but is forbidden (403) to ${call}: ${serverMessage} — ` +
        'check the RBAC bindings the addons install (userdata/controller.ign, /etc/kubernetes/addons/00-node-bootstrap-rbac.yaml) and that the API server runs with --authorization-mode=Node,RBAC.',
    );
  }
}

/**
 * The API server's certificate does not verify: not issued by the kubeconfig's CA, or not valid
 * for the name kube-aws checks (the kubeconfig's host). Connecting anyway would hand the admin
 * credential to whoever answers, so this is never retried.
 */
export class ApiServerUntrustedError extends AwsActivityError {
  override readonly name = 'ApiServerUntrustedError';
  readonly failureType = 'ApiServerUntrusted';
  constructor(
    readonly server: string,
    readonly serverName: string,
    readonly detail: string,
  ) {
    super(
      `the API server at ${server} did not prove it is ${serverName}: ${detail} — ` +
        'its certificate must be credentials/apiserver.pem (signed by credentials/ca.pem, with the name in its SANs); ' +
        'check that the name resolves to the controller (or the endpoint in KUBE_AWS_API_ENDPOINTS is the right one), and re-render and re-run `kube-aws up` if the certificate changed.',
    );
  }
}

/**
 * The rendered kubeconfig cannot be used: unparsable, no current context, or it names files
 * outside the cluster directory.
 */
export class KubeconfigInvalidError extends AwsActivityError {
  override readonly name = 'KubeconfigInvalidError';
  readonly failureType = 'AssetsInvalid';
  constructor(readonly detail: string) {
    super(`kubeconfig: ${detail}; run kube-aws render to write it again (move your edited copy aside first).`);
  }
}
