import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPlans, parseTemplate, planTemplate, resolveParameters } from '../../src/proxy/template.js';
import type { Template } from '../../src/proxy/template.js';

const template: Template = {
  Parameters: { Phase: { Default: 'nodes' } },
  Conditions: { CreateNodes: { 'Fn::Equals': [{ Ref: 'Phase' }, 'nodes'] }, NoNodes: { 'Fn::Not': [{ Condition: 'CreateNodes' }] } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
    Role: { Type: 'AWS::IAM::Role', Properties: { Name: { 'Fn::Sub': '${AWS::StackName}-${Vpc}' } } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } } },
    Node: {
      Type: 'AWS::EC2::Instance',
      Condition: 'CreateNodes',
      DependsOn: 'Role',
      Properties: { SubnetId: { Ref: 'Subnet' }, Tag: { 'Fn::Sub': ['${X}', { X: { Ref: 'Phase' } }] }, Group: 'Sg.GroupId' },
    },
    Placeholder: { Type: 'AWS::CloudFormation::WaitConditionHandle', Condition: 'NoNodes', Properties: { Ref: { 'Fn::If': ['CreateNodes', { Ref: 'Sg' }, 'none'] } } },
  },
};

describe('planTemplate', () => {
  it('keeps only resources whose Condition holds, with defaults applied', () => {
    const nodes = planTemplate(template, resolveParameters(template, {}));
    assert.deepEqual([...nodes.keys()].sort(), ['Node', 'Role', 'Sg', 'Subnet', 'Vpc']);
    const assets = planTemplate(template, resolveParameters(template, { Phase: 'assets' }));
    assert.deepEqual([...assets.keys()].sort(), ['Placeholder', 'Role', 'Sg', 'Subnet', 'Vpc']);
  });

  it('finds dependencies through DependsOn, Ref, Fn::GetAtt and Fn::Sub, not through parameters or Sub variables', () => {
    const plan = planTemplate(template, resolveParameters(template, {}));
    assert.deepEqual(plan.get('Subnet')?.deps, ['Vpc']);
    assert.deepEqual(plan.get('Role')?.deps, ['Vpc']);
    assert.deepEqual(plan.get('Sg')?.deps, ['Vpc']);
    assert.deepEqual([...(plan.get('Node')?.deps ?? [])].sort(), ['Role', 'Subnet']);
  });

  it('follows only the live branch of Fn::If', () => {
    const plan = planTemplate(template, resolveParameters(template, { Phase: 'assets' }));
    assert.deepEqual(plan.get('Placeholder')?.deps, []);
  });
});

describe('diffPlans', () => {
  it('tells added, modified (a parameter the resource uses changed) and removed resources apart', () => {
    const before = planTemplate(template, resolveParameters(template, { Phase: 'assets' }));
    const after = planTemplate(template, resolveParameters(template, { Phase: 'nodes' }));
    const diff = diffPlans(before, after);
    assert.deepEqual(diff.added.map((r) => r.id), ['Node']);
    assert.deepEqual(diff.modified.map((r) => r.id), []);
    assert.deepEqual(diff.removed.map((r) => r.id), ['Placeholder']);
  });
});

describe('parseTemplate', () => {
  it('reads JSON templates and declines anything else', () => {
    assert.ok(parseTemplate(JSON.stringify(template)));
    assert.equal(parseTemplate('Resources:\n  A: {Type: X}\n'), undefined);
    assert.equal(parseTemplate(undefined), undefined);
  });
});
