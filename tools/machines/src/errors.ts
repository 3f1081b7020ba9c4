/**
 * Errors of @kube-aws/machines. Each says what failed and what to do about it.
 */

/**
 * A server of the sandbox (moto, the proxy, Temporal, a control-plane process) did not come up: it exited, or did not
 * answer in time. Carries the end of its log; the usual causes are a port in use or a missing tool.
 */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    readonly problem: string,
    readonly logTail: string,
    readonly hint: string,
  ) {
    super(`${service} ${problem}. ${hint}\n--- last lines of its log ---\n${logTail}`);
  }
}

/**
 * A sandbox machine could not boot from what its stack holds: user data, the Ignition config in
 * S3, or a KMS-encrypted asset is missing or broken. A real instance would fail the same way.
 */
export class NodeBootError extends Error {
  override readonly name = 'NodeBootError';
  constructor(
    readonly instanceId: string,
    readonly problem: string,
  ) {
    super(`instance ${instanceId} cannot boot: ${problem}`);
  }
}

/**
 * The Kubernetes API server answered a sandbox machine (node agent, addon applier, cloud-node
 * stand-in) with an error status. Carries the request and the server's reason, never a body we sent.
 */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${method} ${path}: the API server answered ${status} ${reason}: ${detail}`);
  }
}

/** A kubeconfig on a node root is missing, unreadable or lacks what a machine needs (server, CA, client certificate). */
export class KubeconfigFileError extends Error {
  override readonly name = 'KubeconfigFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`kubeconfig ${file}: ${problem}. Check the node's userdata (the file comes from its Ignition config) and its decrypted TLS assets.`);
  }
}

/**
 * The API server refused a node's client credential (401: not signed by the cluster CA or expired;
 * 403: not allowed). `credentialFile` is the on-node path of the certificate that was refused.
 */
export class NodeCredentialRejectedError extends Error {
  override readonly name = 'NodeCredentialRejectedError';
  constructor(
    readonly nodeName: string,
    readonly credentialFile: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      `node ${nodeName}: the API server rejected the credential ${credentialFile} (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${detail}). ` +
        (status === 401
          ? 'It must be a client certificate signed by the cluster CA (credentials/ca.pem) and still valid: re-render the credentials and the userdata.'
          : 'Its identity lacks the permission: check the node bootstrap RBAC addon (00-node-bootstrap-rbac.yaml).'),
    );
  }
}

/**
 * A node agent could not finish the kubelet's TLS bootstrap or registration: its CSR was denied or never
 * signed, or the API server stayed unreachable. The message says which step and why.
 */
export class NodeBootstrapError extends Error {
  override readonly name = 'NodeBootstrapError';
  constructor(
    readonly nodeName: string,
    readonly step: string,
    readonly problem: string,
  ) {
    super(`node ${nodeName}: ${step} failed: ${problem}`);
  }
}


/** A machine could not start (no root, no unshare), or its supervisor died. */
export class MachineStartError extends Error {
  override readonly name = 'MachineStartError';
}
