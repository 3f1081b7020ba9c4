/**
 * EBS volumes the CSI driver made and left behind (PersistentVolumes with `Retain`, or still
 * there when the cluster went), and network interfaces left detached. Only unattached ones: a
 * volume or interface in use belongs to an instance the stack deletes.
 */
import { DeleteNetworkInterfaceCommand, DeleteVolumeCommand, DescribeNetworkInterfacesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import type { Filter } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import { clusterTagKey, OWNED } from './cluster-tag.js';
import type { CleanupScope } from './load-balancers.js';

const ownedFilter = (clusterName: string): Filter => ({ Name: `tag:${clusterTagKey(clusterName)}`, Values: [OWNED] });

export async function deleteAvailableVolumes(clients: AwsClients, scope: CleanupScope): Promise<string[]> {
  const signal = { abortSignal: activitySignal() };
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(
      new DescribeVolumesCommand({
        Filters: [ownedFilter(scope.clusterName), { Name: 'status', Values: ['available'] }],
        ...(token ? { NextToken: token } : {}),
      }),
      signal,
    );
    for (const v of page.Volumes ?? []) if (v.VolumeId) ids.push(v.VolumeId);
    token = page.NextToken;
  } while (token);
  const deleted: string[] = [];
  for (const id of ids.sort()) {
    try {
      await clients.ec2.send(new DeleteVolumeCommand({ VolumeId: id }), signal);
    } catch (error) {
      if (isAwsError(error, 'InvalidVolume.NotFound')) continue;
      throw error;
    }
    deleted.push(id);
    heartbeat({ deleted: id });
  }
  return deleted;
}

export async function deleteDetachedInterfaces(clients: AwsClients, scope: CleanupScope): Promise<string[]> {
  const signal = { abortSignal: activitySignal() };
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(
      new DescribeNetworkInterfacesCommand({
        // Status is checked below rather than filtered: moto does not implement the `status` filter here.
        Filters: [ownedFilter(scope.clusterName), ...(scope.vpcId ? [{ Name: 'vpc-id', Values: [scope.vpcId] }] : [])],
        ...(token ? { NextToken: token } : {}),
      }),
      signal,
    );
    for (const eni of page.NetworkInterfaces ?? []) if (eni.NetworkInterfaceId && eni.Status === 'available') ids.push(eni.NetworkInterfaceId);
    token = page.NextToken;
  } while (token);
  const deleted: string[] = [];
  for (const id of ids.sort()) {
    try {
      await clients.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }), signal);
    } catch (error) {
      if (isAwsError(error, 'InvalidNetworkInterfaceID.NotFound')) continue;
      throw error;
    }
    deleted.push(id);
    heartbeat({ deleted: id });
  }
  return deleted;
}
