/**
 * CloudFormation through the proxy: the actions whose timing or idempotency AWS and moto
 * disagree on are handled here; every other action goes to moto untouched.
 */
import type { AwsRequest } from './aws-request.js';
import { createChangeSet, deleteChangeSet, describeChangeSet, executeChangeSet } from './cfn-change-sets.js';
import type { CfnContext, CfnHandler } from './cfn-context.js';
import { describeStackEvents, describeStackResource, describeStackResources, describeStacks, getTemplate, listStackResources, listStacks } from './cfn-reads.js';
import { createStack, deleteStack, updateStack } from './cfn-stacks.js';
import type { ProxyResponse } from './responses.js';

const HANDLERS: Readonly<Record<string, CfnHandler>> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  DescribeStacks: describeStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResources: describeStackResources,
  DescribeStackResource: describeStackResource,
  ListStackResources: listStackResources,
  ListStacks: listStacks,
  GetTemplate: getTemplate,
};

export function handleCloudFormation(ctx: CfnContext, req: AwsRequest, now: number): Promise<ProxyResponse> {
  const handler = req.action === undefined ? undefined : HANDLERS[req.action];
  return handler ? handler(ctx, req, now) : ctx.moto.forward(req);
}
