import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURE_MARKER, blockedByFailure, failedWithDependents, paramsForMoto, withholdFailed } from '../../src/proxy/failure-template.js';
import type { FailureOperation } from '../../src/proxy/failure-template.js';
import { ProxyState } from '../../src/proxy/proxy-state.js';
import { planTemplate, resolveParameters } from '../../src/proxy/template.js';
import type { Plan, Template } from '../../src/proxy/template.js';

/** The cluster template's shape: network and IAM always, the nodes behind `Phase=nodes`. */
const template = {
  Parameters: { Phase: { Default: 'nodes' } },
  Conditions: { CreateNodes: { 'Fn::Equals': [{ Ref: 'Phase' }, 'nodes'] } },
  Metadata: { Owner: 'kube-aws' },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
    Route: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1' } },
    Profile: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: ['r'] } },
    Controller: {
      Type: 'AWS::EC2::Instance',
      Condition: 'CreateNodes',
      DependsOn: ['Route'],
      Properties: { SubnetId: { Ref: 'Subnet' }, IamInstanceProfile: { Ref: 'Profile' } },
    },
    Eip: { Type: 'AWS::EC2::EIP', Condition: 'CreateNodes', Properties: { InstanceId: { Ref: 'Controller' } } },
    Dns: { Type: 'AWS::Route53::RecordSet', Condition: 'CreateNodes', Properties: { ResourceRecords: [{ Ref: 'Eip' }] } },
    Alarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'CreateNodes', Properties: { Name: { 'Fn::Sub': '${Controller}-recover' } } },
    Workers: { Type: 'AWS::AutoScaling::AutoScalingGroup', Condition: 'CreateNodes', Properties: { VPCZoneIdentifier: [{ Ref: 'Subnet' }] } },
  },
  Outputs: {
    ControllerIP: { Condition: 'CreateNodes', Value: { Ref: 'Eip' } },
    ControllerPrivateIP: { Condition: 'CreateNodes', Value: { 'Fn::GetAtt': ['Controller', 'PrivateIp'] } },
    Workers: { Condition: 'CreateNodes', Value: { Ref: 'Workers' } },
    VpcId: { Value: { Ref: 'Vpc' } },
    Either: { Value: { 'Fn::If': ['CreateNodes', { Ref: 'Subnet' }, { Ref: 'Controller' }] } },
  },
} as const satisfies Template & { Outputs: object; Metadata: object };

const pseudo = { 'AWS::Region': 'us-west-1', 'AWS::StackName': 'kube-cluster' };
const planFor = (phase: string, t: Template = template): Plan => planTemplate(t, resolveParameters(t, { Phase: phase }), pseudo);

/** The nodes phase after `before`; `previous` null: the stack's template is unknown (YAML). */
function operation(before: Plan, t: Template = template, previous: Template | null = template): FailureOperation {
  const parameters = resolveParameters(t, { Phase: 'nodes' });
  return { template: t, plan: planTemplate(t, parameters, pseudo), parameters, pseudo, before, previousTemplate: previous ?? undefined };
}

/** The same with the Subnet changed. */
const changed: Template = {
  ...template,
  Resources: { ...template.Resources, Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } } },
};

const parsed = (body: string) => JSON.parse(body) as { Resources: Record<string, { Properties?: unknown }>; Outputs: Record<string, unknown>; Metadata: Record<string, unknown> };

describe('failedWithDependents', () => {
  it('follows Ref, Fn::GetAtt, Fn::Sub and DependsOn transitively, and nothing the failed resource itself needs', () => {
    const plan = planFor('nodes');
    assert.deepEqual([...failedWithDependents(plan, 'Controller')].sort(), ['Alarm', 'Controller', 'Dns', 'Eip']);
    assert.deepEqual([...failedWithDependents(plan, 'Route')].sort(), ['Alarm', 'Controller', 'Dns', 'Eip', 'Route']);
    assert.deepEqual([...failedWithDependents(plan, 'Dns')], ['Dns']);
  });

  it('is empty for a resource the plan does not have (its Condition is false)', () => {
    assert.equal(failedWithDependents(planFor('assets'), 'Controller').size, 0);
  });
});

describe('blockedByFailure', () => {
  it('adds what the timeline never starts because its turn comes after the failure, not what runs beside it', () => {
    // A create: Vpc, Route, Profile start first; Subnet after Vpc; Controller and Workers after Subnet.
    const blocked = blockedByFailure(new Map(), planFor('nodes'), 'Subnet');
    assert.deepEqual([...blocked].sort(), ['Alarm', 'Controller', 'Dns', 'Eip', 'Subnet', 'Workers']);
    // Vpc and Route finish beside the failing Profile; the Subnet's turn would come after it.
    assert.deepEqual([...blockedByFailure(new Map(), planFor('nodes'), 'Profile')].sort(), ['Alarm', 'Controller', 'Dns', 'Eip', 'Profile', 'Subnet', 'Workers']);
  });

  it('in the nodes update, the workers run beside the failing controller and are not blocked', () => {
    assert.deepEqual([...blockedByFailure(planFor('assets'), planFor('nodes'), 'Controller')].sort(), ['Alarm', 'Controller', 'Dns', 'Eip']);
  });
});

describe('withholdFailed', () => {
  it('nodes update with the controller failing: the controller and what waits for it are left out, and outputs naming them', () => {
    const rewrite = withholdFailed(operation(planFor('assets')), 'Controller');
    assert.ok(rewrite);
    assert.deepEqual([...rewrite.withheld].sort(), ['Alarm', 'Controller', 'Dns', 'Eip']);
    assert.deepEqual(rewrite.kept, []);
    const t = parsed(rewrite.templateBody);
    assert.deepEqual(Object.keys(t.Resources).sort(), ['Profile', 'Route', 'Subnet', 'Vpc', 'Workers']);
    // Either refers to the Controller only in its dead branch (Phase=nodes): moto never evaluates that.
    assert.deepEqual(Object.keys(t.Outputs).sort(), ['Either', 'VpcId', 'Workers']);
    assert.deepEqual(t.Metadata, { Owner: 'kube-aws', [FAILURE_MARKER]: { failed: 'Controller', withheld: rewrite.withheld, kept: [] } });
    // Everything else is the caller's template as it was.
    assert.deepEqual(t.Resources['Workers'], template.Resources.Workers);
  });

  it('a create: everything from the failure on is left out', () => {
    const rewrite = withholdFailed(operation(new Map()), 'Vpc');
    assert.ok(rewrite);
    assert.deepEqual(Object.keys(parsed(rewrite.templateBody).Resources).sort(), ['Profile', 'Route']);
    assert.deepEqual(Object.keys(parsed(rewrite.templateBody).Outputs), []);
  });

  it('a failed update of an existing resource: moto gets its previous definition; new dependents are left out', () => {
    const rewrite = withholdFailed(operation(planFor('assets'), changed), 'Subnet');
    assert.ok(rewrite);
    assert.deepEqual(rewrite.kept, ['Subnet']);
    assert.deepEqual([...rewrite.withheld].sort(), ['Alarm', 'Controller', 'Dns', 'Eip', 'Workers']);
    assert.deepEqual(parsed(rewrite.templateBody).Resources['Subnet'], template.Resources.Subnet);
  });

  it('an existing resource whose previous definition is unknown stays as sent (moto updates it)', () => {
    const rewrite = withholdFailed(operation(planFor('assets'), changed, null), 'Subnet');
    assert.ok(rewrite);
    assert.deepEqual(rewrite.kept, []);
    assert.deepEqual(parsed(rewrite.templateBody).Resources['Subnet'], changed.Resources['Subnet']);
  });

  it('nothing to do for a resource that is not in the operation', () => {
    assert.equal(withholdFailed(operation(planFor('assets')), 'Nope'), undefined);
  });
});

describe('paramsForMoto', () => {
  const body = JSON.stringify(template);
  const forward = (state: ProxyState, params: URLSearchParams, before: Plan = new Map(), templateBody: string | undefined = body) =>
    paramsForMoto(state, params, { stackName: 'kube-cluster', templateBody, parameters: { Phase: 'nodes' }, pseudo, before, previousTemplateBody: body });
  const armed = (stackName: string, logicalId: string): ProxyState => {
    const state = new ProxyState();
    state.failures.push({ stackName, logicalId, reason: 'Insufficient capacity', persistent: false });
    return state;
  };

  it('sends the request as it came when nothing is armed for the stack, or for what the operation does', () => {
    const params = new URLSearchParams({ Action: 'CreateStack', TemplateBody: body });
    assert.equal(forward(new ProxyState(), params), params);
    assert.equal(forward(armed('other-stack', 'Controller'), params), params);
    // An update that does not touch the Subnet: its failure waits for an operation that does.
    assert.equal(forward(armed('kube-cluster', 'Subnet'), params, planFor('assets')), params);
    assert.equal(forward(armed('kube-cluster', 'Controller'), params, new Map(), 'Resources:\n  A: {Type: X}\n'), params);
  });

  it('replaces the template, however it was given, and leaves the failure armed for the operation to take', () => {
    const state = armed('kube-cluster', 'Controller');
    const ways: Record<string, string>[] = [{ TemplateBody: body }, { TemplateURL: 'https://s3.us-west-1.amazonaws.com/b/t.json' }, { UsePreviousTemplate: 'true' }];
    for (const given of ways) {
      const params = new URLSearchParams({ Action: 'UpdateStack', StackName: 'kube-cluster', ...given, 'Parameters.member.1.ParameterKey': 'Phase' });
      const out = forward(state, params, planFor('assets'));
      assert.equal(out.get('TemplateURL'), null);
      assert.equal(out.get('UsePreviousTemplate'), null);
      assert.equal(out.get('Parameters.member.1.ParameterKey'), 'Phase');
      assert.ok(!('Controller' in parsed(out.get('TemplateBody') ?? '{}').Resources));
    }
    assert.equal(state.failures.length, 1);
  });
});
