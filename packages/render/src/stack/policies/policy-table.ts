/**
 * The node roles' policies as one table: each row is a statement set, the roles that get it, and
 * the upstream document and release it follows (with the reasons it differs in its own module).
 * A test checks that each row's release is the one the addons pin, so bumping an image without
 * revisiting its policy fails.
 */
import type { NodeRole } from '../../userdata/ignition-types.js';
import { cloudControllerManagerStatements } from './cloud-controller-manager.js';
import { ebsCsiDriverStatements } from './ebs-csi-driver.js';
import { nodeAssetStatements } from './node-assets.js';
import { nodeStatements } from './node.js';
import type { PolicyContext, PolicyStatement } from './statement.js';

export interface UpstreamPolicy {
  /** The repository, e.g. `kubernetes/cloud-provider-aws`. */
  readonly project: string;
  /** The release tag whose document the statements follow. */
  readonly version: string;
  /** The document in that repository at that tag. */
  readonly document: string;
}

export interface PolicySet {
  /** The inline policy's name on each role (IAM: letters, digits and +=,.@-_). */
  readonly name: string;
  readonly roles: readonly NodeRole[];
  /** The published policy these statements follow; none for kube-aws's own grants. */
  readonly follows?: UpstreamPolicy;
  readonly statements: (ctx: PolicyContext, role: NodeRole) => PolicyStatement[];
}

const CLOUD_PROVIDER_AWS: UpstreamPolicy = { project: 'kubernetes/cloud-provider-aws', version: 'v1.35.0', document: 'docs/prerequisites.md' };

export const POLICY_TABLE: readonly PolicySet[] = [
  { name: 'node-assets', roles: ['controller', 'worker'], statements: nodeAssetStatements },
  { name: 'kubernetes-node', roles: ['controller', 'worker'], follows: CLOUD_PROVIDER_AWS, statements: nodeStatements },
  { name: 'cloud-controller-manager', roles: ['controller'], follows: CLOUD_PROVIDER_AWS, statements: cloudControllerManagerStatements },
  {
    name: 'ebs-csi-driver',
    roles: ['controller'],
    follows: { project: 'kubernetes-sigs/aws-ebs-csi-driver', version: 'v1.59.0', document: 'docs/example-iam-policy.json' },
    statements: ebsCsiDriverStatements,
  },
];

/** The inline policies of a role, one per set of the table that applies to it. */
export function rolePolicies(ctx: PolicyContext, role: NodeRole): { PolicyName: string; PolicyDocument: { Version: string; Statement: PolicyStatement[] } }[] {
  return POLICY_TABLE.filter((set) => set.roles.includes(role)).map((set) => ({
    PolicyName: set.name,
    PolicyDocument: { Version: '2012-10-17', Statement: set.statements(ctx, role) },
  }));
}
