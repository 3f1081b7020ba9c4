/**
 * The environment a program needs to use the sandbox: the AWS SDK's standard settings pointed at
 * the proxy, and Temporal's client settings. Nothing else: the product reads only these.
 */
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from './account.js';

export interface SandboxAddresses {
  readonly awsEndpoint: string;
  readonly temporalAddress?: string;
  readonly temporalUiUrl?: string;
  readonly kmsKeyArn: string;
  /** The sandbox's API-endpoints file (@kube-aws/machines, api-endpoints.ts), when it runs machines. */
  readonly apiEndpointsFile?: string;
}

/** Variable names: AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, KUBE_AWS_KMS_KEY_ARN, KUBE_AWS_TEMPORAL_UI, KUBE_AWS_API_ENDPOINTS. */
export function sandboxEnv(a: SandboxAddresses): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: a.awsEndpoint,
    AWS_REGION: SANDBOX_REGION,
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    ...(a.temporalAddress ? { TEMPORAL_ADDRESS: a.temporalAddress, TEMPORAL_NAMESPACE: 'default' } : {}),
    KUBE_AWS_KMS_KEY_ARN: a.kmsKeyArn,
    ...(a.temporalUiUrl ? { KUBE_AWS_TEMPORAL_UI: a.temporalUiUrl } : {}),
    // Where the sandbox's API servers answer for a cluster's externalDNSName (its stand-in for DNS).
    ...(a.apiEndpointsFile ? { KUBE_AWS_API_ENDPOINTS: a.apiEndpointsFile } : {}),
  };
}

/** `export NAME='value'` lines for `eval "$(npm run -s sandbox -- env)"`. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n');
}
