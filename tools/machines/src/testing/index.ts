/** Test support for the machines' tests and the sandbox's: an admin kubeconfig for a loopback API server, and kubectl. */
export { writeAdminKubeconfig } from './admin-kubeconfig.js';
export { runKubectl } from './kubectl-run.js';
export type { KubectlResult } from './kubectl-run.js';
