/** Checks of single values whose shape the schema alone cannot explain well. */
import {
  availabilityZoneProblem,
  clusterNameProblem,
  dnsNameProblem,
  keyNameProblem,
  kmsKeyArnProblem,
  kubernetesVersionIssue,
  patternProblem,
  regionProblem,
  spotPriceProblem,
  unknownRegionWarning,
} from '../rules.js';
import type { CheckContext } from './context.js';

type Rule = (subject: string, value: string) => string | undefined;

function check(ctx: CheckContext, key: Parameters<CheckContext['get']>[0], rule: Rule): void {
  const value = ctx.get(key);
  if (typeof value !== 'string') return;
  const message = rule(key, value);
  if (message !== undefined) ctx.r.error([key], message);
}

export function checkValues(ctx: CheckContext): void {
  const { r } = ctx;
  check(ctx, 'clusterName', clusterNameProblem);
  check(ctx, 'externalDNSName', dnsNameProblem);
  check(ctx, 'keyName', keyNameProblem);
  check(ctx, 'region', regionProblem);
  check(ctx, 'kmsKeyArn', kmsKeyArnProblem);
  check(ctx, 'workerSpotPrice', spotPriceProblem);
  check(ctx, 'hostedZone', (subject, value) => dnsNameProblem(subject, value.replace(/\.$/, ''), 'example.com'));
  for (const key of ['amiId', 'vpcId', 'routeTableId', 'hostedZoneId', 'controllerInstanceType', 'workerInstanceType', 'kubernetesSysextSha256'] as const) {
    check(ctx, key, patternProblem);
  }

  const region = ctx.get('region');
  if (region !== undefined) {
    const warning = unknownRegionWarning('region', region);
    if (warning !== undefined) r.warning(['region'], warning);
  }
  check(ctx, 'availabilityZone', (subject, zone) => availabilityZoneProblem(subject, zone, region));
  const subnets = ctx.get('subnets') ?? [];
  subnets.forEach((subnet, i) => {
    const path = ['subnets', i, 'availabilityZone'];
    if (r.isBad(path) || typeof subnet.availabilityZone !== 'string') return;
    const problem = availabilityZoneProblem(`availabilityZone of subnet #${i}`, subnet.availabilityZone, region);
    if (problem !== undefined) r.error(path, problem);
  });

  const version = ctx.get('kubernetesVersion');
  if (version !== undefined) {
    const issue = kubernetesVersionIssue('kubernetesVersion', version);
    if (issue?.severity === 'error') r.error(['kubernetesVersion'], issue.message);
    else if (issue) r.warning(['kubernetesVersion'], issue.message);
  }

  if (ctx.has('hyperkubeImageRepo')) {
    r.warning(['hyperkubeImageRepo'], 'hyperkubeImageRepo is deprecated and ignored: hyperkube images no longer exist, so the upstream registry.k8s.io images are used; remove it', { at: 'key' });
  }
}
