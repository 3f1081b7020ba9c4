/**
 * Advisories: settings that are valid but leave the cluster exposed. `kube-aws validate` prints
 * them; the other commands do not, because the seed's defaults trigger them on purpose and a
 * warning repeated on every command is a warning nobody reads.
 */
import type { CheckContext } from './context.js';
import { SOURCE_CIDR_KEYS, type SourceCidrKey } from './access.js';
import { DEFAULTS } from '../defaults.js';

const WHAT: Readonly<Record<SourceCidrKey, string>> = {
  sshAccessAllowedSourceCIDRs: 'SSH (port 22) on every node',
  apiEndpointAllowedSourceCIDRs: 'the API server (port 443 on the controller)',
};

const FIX: Readonly<Record<SourceCidrKey, string>> = {
  sshAccessAllowedSourceCIDRs: 'list only your admin networks (e.g. ["203.0.113.0/24"]), or [] to close SSH from outside the VPC',
  apiEndpointAllowedSourceCIDRs: 'list the networks kubectl and kube-aws run from (e.g. ["203.0.113.0/24"])',
};

const ANYWHERE = '0.0.0.0/0';

export function exposureAdvisories(ctx: CheckContext): void {
  const { r } = ctx;
  for (const key of SOURCE_CIDR_KEYS) {
    const written = ctx.get(key);
    const list = written ?? DEFAULTS[key];
    const at = list.indexOf(ANYWHERE);
    if (at === -1) continue;
    const source = written === undefined ? `${ANYWHERE}, the default` : ANYWHERE;
    r.warning(written === undefined ? [key] : [key, at], `${key} opens ${WHAT[key]} to the whole internet (${source}); ${FIX[key]}`);
  }
  const hopLimit = ctx.get('instanceMetadata')?.hopLimit;
  if (hopLimit !== undefined && hopLimit > 1) {
    r.warning(
      ['instanceMetadata', 'hopLimit'],
      `instanceMetadata.hopLimit ${hopLimit} lets pods without host networking reach instance metadata and take the node role's credentials; ` +
        "kube-aws's own pods that call AWS use the host network and need only 1, so set it to 1 unless such a pod must reach it",
    );
  }
}
