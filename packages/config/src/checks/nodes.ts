/** Node settings that depend on each other: root volumes, architecture, KMS region, TLS lifetimes. */
import { LIMITS } from '../defaults.js';
import { kmsKeyRegionProblem } from '../rules.js';
import type { CheckContext } from './context.js';

/** Provisioned IOPS allowed per GiB of volume, per type (EBS limits). */
const IOPS_PER_GIB = { io1: 50, io2: 500, gp3: 500 } as const;

function checkVolume(ctx: CheckContext, node: 'controller' | 'worker'): void {
  const { r } = ctx;
  const sizeKey = `${node}RootVolumeSize` as const;
  const typeKey = `${node}RootVolumeType` as const;
  const iopsKey = `${node}RootVolumeIOPS` as const;
  const size = ctx.value(sizeKey);
  const type = ctx.value(typeKey);
  const iops = ctx.value(iopsKey);
  if (type === undefined) return;
  const iopsPath = [ctx.has(iopsKey) ? iopsKey : typeKey];
  if (type === 'standard' && size !== undefined && size > LIMITS.maxStandardVolumeGiB) {
    r.error([sizeKey], `${sizeKey} ${size} is more than a standard (magnetic) volume holds (${LIMITS.maxStandardVolumeGiB} GiB); use gp3, or a smaller size`);
  }
  if (iops === undefined) return;
  if (type === 'gp2' || type === 'standard') {
    if (iops !== 0) {
      r.error(iopsPath, `${iopsKey} must be 0 for volume type ${type} (got ${iops}); only io1, io2 and gp3 take provisioned IOPS, so remove ${iopsKey} or change ${typeKey}`);
    }
    return;
  }
  if ((type === 'io1' || type === 'io2') && iops < 100) {
    r.error(iopsPath, `${iopsKey} must be from 100 to 64000 for volume type ${type} (got ${iops}); set the IOPS to provision`);
    return;
  }
  if (type === 'gp3' && iops !== 0 && (iops < 3000 || iops > 16000)) {
    r.error(iopsPath, `${iopsKey} must be 0 (the 3000 IOPS baseline) or from 3000 to 16000 for volume type gp3 (got ${iops})`);
    return;
  }
  const perGiB = IOPS_PER_GIB[type];
  // gp3's 3000 IOPS baseline is allowed whatever the size.
  if (size !== undefined && iops > perGiB * size && !(type === 'gp3' && iops <= 3000)) {
    r.error(iopsPath, `${iopsKey} ${iops} is more than a ${size} GiB ${type} volume allows (${perGiB} IOPS per GiB, so at most ${perGiB * size}); lower it or raise ${sizeKey}`);
  }
}

/** Graviton families carry a `g` after the generation digit (t4g, m7g, c7gn, r8gd); a1 is arm too. */
function looksArm(instanceType: string): boolean {
  return /^(?:[a-z]+[0-9]+g[a-z]*|a1)\./.test(instanceType);
}

export function checkNodes(ctx: CheckContext): void {
  const { r } = ctx;
  checkVolume(ctx, 'controller');
  checkVolume(ctx, 'worker');

  const architecture = ctx.value('architecture');
  for (const key of ['controllerInstanceType', 'workerInstanceType'] as const) {
    const type = ctx.get(key);
    if (type === undefined || architecture === undefined) continue;
    if (looksArm(type) !== (architecture === 'arm64')) {
      const kind = looksArm(type) ? 'a Graviton (arm64)' : 'an x86_64';
      r.warning([key], `${key} ${type} looks like ${kind} type but architecture is ${architecture}; the image would not boot, so pick a type of that architecture or change architecture`);
    }
  }

  const arn = ctx.get('kmsKeyArn');
  const region = ctx.get('region');
  if (arn !== undefined && region !== undefined) {
    const problem = kmsKeyRegionProblem('kmsKeyArn', arn, region);
    if (problem !== undefined) r.error(['kmsKeyArn'], problem);
  }

  const ca = ctx.value('tlsCADurationDays');
  const cert = ctx.value('tlsCertDurationDays');
  if (ca !== undefined && cert !== undefined && cert > ca) {
    const path = ctx.has('tlsCertDurationDays') ? 'tlsCertDurationDays' : 'tlsCADurationDays';
    r.error([path], `tlsCertDurationDays (${cert}) must not exceed tlsCADurationDays (${ca}); a certificate cannot outlive the CA that signs it`);
  }
}
