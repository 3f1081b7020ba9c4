/**
 * IAM roles and instance profiles for the nodes. What each role may do is the policy table
 * (`policies/policy-table.ts`): one inline policy per statement set, each following the upstream
 * document and release it names. No role names are fixed, so the stack needs only CAPABILITY_IAM
 * (never CAPABILITY_NAMED_IAM).
 */
import type { NodeRole } from '../userdata/ignition-types.js';
import { IAM_INSTANCE_PROFILE_CONTROLLER, IAM_INSTANCE_PROFILE_WORKER, IAM_ROLE_CONTROLLER, IAM_ROLE_WORKER } from './logical-ids.js';
import { rolePolicies } from './policies/policy-table.js';
import type { PolicyContext } from './policies/statement.js';
import type { Ref, TemplateBuilder } from './template-builder.js';

export { DEFAULT_ASSET_KEYS } from './policies/statement.js';
export type { AssetKeys, PolicyStatement } from './policies/statement.js';

export interface IamRefs {
  readonly controllerRole: Ref<'AWS::IAM::Role'>;
  readonly workerRole: Ref<'AWS::IAM::Role'>;
  readonly controllerProfile: Ref<'AWS::IAM::InstanceProfile'>;
  readonly workerProfile: Ref<'AWS::IAM::InstanceProfile'>;
}

const EC2_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
};

function addRole(b: TemplateBuilder, ctx: PolicyContext, role: NodeRole, roleId: string, profileId: string) {
  const ref = b.add(roleId, {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: EC2_TRUST_POLICY, Path: '/', Policies: rolePolicies(ctx, role) },
  });
  const profile = b.add(profileId, { Type: 'AWS::IAM::InstanceProfile', Properties: { Path: '/', Roles: [ref] } });
  return { role: ref, profile };
}

export function addIam(b: TemplateBuilder, ctx: PolicyContext): IamRefs {
  const controller = addRole(b, ctx, 'controller', IAM_ROLE_CONTROLLER, IAM_INSTANCE_PROFILE_CONTROLLER);
  const worker = addRole(b, ctx, 'worker', IAM_ROLE_WORKER, IAM_INSTANCE_PROFILE_WORKER);
  return { controllerRole: controller.role, workerRole: worker.role, controllerProfile: controller.profile, workerProfile: worker.profile };
}
