/**
 * @module @kube-aws/render
 *
 * Everything `kube-aws render` and the local `validate` produce and check: the admin kubeconfig,
 * each node role's Ignition config (Flatcar; containerd, kubelet TLS bootstrap, static control
 * plane, addons), the Ignition stub that is the EC2 user data, and the CloudFormation template.
 *
 * Render is offline and deterministic. Secrets stay out of everything built here: TLS assets
 * enter node configs only through an {@link Encryptor} (KMS in @kube-aws/aws), and only at
 * validate/up time. Node-only (file I/O); workflows must not import it at runtime.
 */
export * from './assets/index.js';
export * from './errors.js';
export * from './kubeconfig/index.js';
export * from './manifests/index.js';
export * from './stack/index.js';
export * from './userdata/index.js';
