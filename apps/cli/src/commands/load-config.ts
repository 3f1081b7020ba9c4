import type { ClusterConfig, ConfigIssue } from '@kube-aws/config';
import { formatIssue } from '@kube-aws/config';
import { loadClusterConfig } from '@kube-aws/config/node';
import type { CommandContext } from '../context.js';

/** Loads cluster.yaml for a command and prints its warnings (deprecated keys and the like). */
export async function loadConfigFor(context: CommandContext): Promise<ClusterConfig> {
  return (await loadConfigWithAdvisories(context)).config;
}

/**
 * {@link loadConfigFor}, also returning the advisories (valid settings that leave the cluster
 * exposed, such as SSH open to 0.0.0.0/0), which only `validate` prints.
 */
export async function loadConfigWithAdvisories(context: CommandContext): Promise<{ config: ClusterConfig; advisories: ConfigIssue[] }> {
  const { config, warnings, advisories } = await loadClusterConfig(context.dir);
  for (const warning of warnings) context.output.warn(warning.message);
  return { config, advisories };
}

export { formatIssue };
