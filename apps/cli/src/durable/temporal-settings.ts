/**
 * Where the CLI finds Temporal: Temporal's own environment configuration (`@temporalio/envconfig`:
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and the
 * TOML file TEMPORAL_CONFIG_FILE names), so the CLI, the worker and the `temporal` CLI share one
 * setting. Absent everything, the local sandbox.
 */
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** The sandbox's frontend; 127.0.0.1 rather than localhost so an IPv6 `::1` lookup never misses it. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_TEMPORAL_UI = 'http://localhost:8233';
/** Long enough for a remote TLS handshake, short enough that a missing sandbox is reported at once. */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface TemporalSettings {
  readonly address: string;
  readonly namespace: string;
  readonly connection: ConnectionOptions;
  /** Base URL of the Web UI (KUBE_AWS_TEMPORAL_UI), for the links the CLI prints. */
  readonly uiBase: string;
}

export function temporalSettings(env: NodeJS.ProcessEnv): TemporalSettings {
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const config = loadClientConnectConfig({ overrideEnvVars: defined });
  const address = config.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const { tls, apiKey, metadata } = config.connectionOptions;
  return {
    address,
    namespace: config.namespace ?? DEFAULT_NAMESPACE,
    connection: {
      address,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...(tls !== undefined ? { tls } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
    },
    uiBase: (env['KUBE_AWS_TEMPORAL_UI'] ?? DEFAULT_TEMPORAL_UI).replace(/\/+$/, ''),
  };
}

/** The Web UI page of a workflow. */
export function workflowUiUrl(uiBase: string, namespace: string, workflowId: string): string {
  return `${uiBase}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
