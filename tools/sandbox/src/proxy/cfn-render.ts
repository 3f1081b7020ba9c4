/**
 * The proxy's view of a stack in CloudFormation's XML: its events, its resources, and moto's
 * DescribeStacks / ListStacks entries with the status and timestamps of the virtual timeline.
 */
import type { StackEvent, StackRecord } from './stack-record.js';
import { el, removeElement, setChild } from './xml.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function eventXml(record: StackRecord, e: StackEvent): string {
  const isStack = e.logicalId === undefined;
  // The first CREATE_IN_PROGRESS of a resource comes before it has a physical id, as on AWS.
  const firstCreate = !isStack && e.status === 'CREATE_IN_PROGRESS' && e.reason === undefined;
  const physical = isStack ? record.stackId : firstCreate ? '' : record.physicalId(e.logicalId as string);
  return (
    el('StackId', record.stackId) +
    el('EventId', e.eventId) +
    el('StackName', record.stackName) +
    el('LogicalResourceId', e.logicalId ?? record.stackName) +
    el('PhysicalResourceId', physical) +
    el('ResourceType', e.resourceType) +
    el('Timestamp', iso(e.time)) +
    el('ResourceStatus', e.status) +
    el('ResourceStatusReason', e.reason) +
    el('ClientRequestToken', e.token)
  );
}

export type ResourceShape = 'StackResource' | 'StackResourceDetail' | 'StackResourceSummary';

/** One resource as DescribeStackResources, DescribeStackResource or ListStackResources shows it. */
export function resourceXml(record: StackRecord, e: StackEvent, shape: ResourceShape): string {
  const id = e.logicalId as string;
  const stackPart = shape === 'StackResourceSummary' ? '' : el('StackName', record.stackName) + el('StackId', record.stackId);
  const time = shape === 'StackResource' ? el('Timestamp', iso(e.time)) : el('LastUpdatedTimestamp', iso(e.time));
  return (
    stackPart +
    el('LogicalResourceId', id) +
    el('PhysicalResourceId', record.physicalId(id)) +
    el('ResourceType', e.resourceType) +
    time +
    el('ResourceStatus', e.status) +
    el('ResourceStatusReason', e.reason) +
    (shape === 'StackResourceDetail' ? el('Metadata', '{}') : '')
  );
}

/** moto's DescribeStacks member with the virtual status; no outputs before the stack has them. */
export function patchStackMember(member: string, record: StackRecord, now: number): string {
  const event = record.stackEvent(now);
  const status = record.status(now);
  let m = setChild(member, 'StackStatus', status);
  m = setChild(m, 'StackStatusReason', record.statusReason(now));
  if (!record.everCompleted(now) || status === 'DELETE_COMPLETE') m = removeElement(m, 'Outputs');
  if (status === 'DELETE_COMPLETE') m = setChild(m, 'DeletionTime', iso(event?.time ?? now));
  if (record.lastUpdated !== undefined && record.lastUpdated <= now) m = setChild(m, 'LastUpdatedTime', iso(record.lastUpdated));
  return m;
}

/** A ListStacks summary (moto's, patched; or made from the record when moto forgot the stack). */
export function stackSummaryXml(record: StackRecord, now: number, motoMember?: string): string {
  const event = record.stackEvent(now);
  const status = record.status(now);
  if (motoMember !== undefined) {
    let m = setChild(motoMember, 'StackStatus', status);
    m = setChild(m, 'StackStatusReason', record.statusReason(now));
    if (status === 'DELETE_COMPLETE') m = setChild(m, 'DeletionTime', iso(event?.time ?? now));
    return m;
  }
  return `<member>${
    el('StackId', record.stackId) +
    el('StackName', record.stackName) +
    el('CreationTime', iso(record.creationTime)) +
    (record.lastUpdated !== undefined ? el('LastUpdatedTime', iso(record.lastUpdated)) : '') +
    (status === 'DELETE_COMPLETE' ? el('DeletionTime', iso(event?.time ?? now)) : '') +
    el('StackStatus', status) +
    el('StackStatusReason', record.statusReason(now))
  }</member>`;
}
