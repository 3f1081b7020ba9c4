/**
 * {@link connectFromEnvironment}: the worker's connection from Temporal's standard client settings
 * (`@temporalio/envconfig`): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY (Temporal
 * Cloud; turns TLS on), TEMPORAL_TLS_* and TEMPORAL_PROFILE / the temporal.toml config file.
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import { TemporalUnreachableError } from './errors.js';

export interface WorkerConnection {
  readonly connection: NativeConnection;
  readonly address: string;
  readonly namespace: string;
  readonly tls: boolean;
}

/** The address the SDK uses when none is configured. */
const DEFAULT_ADDRESS = 'localhost:7233';

export async function connectFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<WorkerConnection> {
  const overrideEnvVars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const config = loadClientConnectConfig({ overrideEnvVars });
  const address = config.connectionOptions.address ?? DEFAULT_ADDRESS;
  const namespace = config.namespace ?? 'default';
  try {
    const connection = await NativeConnection.connect({ ...config.connectionOptions, address });
    return { connection, address, namespace, tls: Boolean(config.connectionOptions.tls) };
  } catch (err) {
    throw new TemporalUnreachableError(address, namespace, err);
  }
}
