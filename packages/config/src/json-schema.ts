/**
 * The JSON Schema of cluster.yaml for editors (e.g. yaml-language-server's `$schema` comment).
 * Committed as `cluster.schema.json`; `npx tsx scripts/write-schema.ts` regenerates it.
 */
import { ClusterYamlSchema } from './schema.js';

/** A fresh, plain-JSON copy of the cluster.yaml schema (draft-07, TypeBox's symbols stripped). */
export function clusterYamlJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(ClusterYamlSchema)) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kube-aws cluster.yaml',
    ...plain,
  };
}
