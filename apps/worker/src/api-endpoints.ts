/**
 * {@link apiEndpointsFromEnvironment}: `KUBE_AWS_API_ENDPOINTS`, the path of a JSON file mapping
 * API server host names to `127.0.0.1:PORT`. The sandbox writes it, because its control planes
 * listen on loopback at random ports under names that resolve nowhere. The file is read on every
 * activity attempt (a control plane may move), so it may appear after the worker starts. Unset:
 * every API server is reached at its kubeconfig's address.
 */
import type { ApiEndpointResolver } from '@kube-aws/aws';

export const API_ENDPOINTS_ENV = 'KUBE_AWS_API_ENDPOINTS';

export async function apiEndpointsFromEnvironment(env: NodeJS.ProcessEnv): Promise<ApiEndpointResolver | undefined> {
  const path = env[API_ENDPOINTS_ENV];
  if (path === undefined || path.trim() === '') return undefined;
  const { apiEndpointsFile } = await import('@kube-aws/aws');
  return apiEndpointsFile(path);
}
