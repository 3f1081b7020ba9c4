import type { ClusterConfig } from '@kube-aws/config';
import { formatIssue } from '@kube-aws/config';
import { loadClusterConfig } from '@kube-aws/config/node';
import type { CommandContext } from '../context.js';

/** Loads cluster.yaml for a command and prints its warnings (deprecated keys and the like). */
export async function loadConfigFor(context: CommandContext): Promise<ClusterConfig> {
  const { config, warnings } = await loadClusterConfig(context.dir);
  for (const warning of warnings) context.output.warn(warning.message);
  return config;
}

export { formatIssue };
