/**
 * The instance-types check over a fake EC2: types offered per zone, a did-you-mean for a typo,
 * a worker type missing in one of the zones, and the region's offerings for a zone listing none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import type { AwsClients } from '../../src/clients.js';
import { checkInstanceTypes, closestInstanceTypes } from '../../src/preflight/instance-types-check.js';
import { FakeAwsClient } from '../stack/helpers/fake-cloudformation.js';

const TYPES = ['t3.medium', 't3.large', 'm3.medium', 'm3.large', 'm5.large', 'm6i.large', 't2.micro'];

/** EC2 offering `byLocation` (zone or region → types), answering the location filter as AWS does. */
function ec2Offering(byLocation: Record<string, readonly string[]>): FakeAwsClient {
  return new FakeAwsClient('EC2').on('DescribeInstanceTypeOfferings', (input) => {
    const filter = (input['Filters'] as { Name: string; Values: string[] }[]).find((f) => f.Name === 'location');
    const locations = filter?.Values ?? [];
    return {
      InstanceTypeOfferings: locations.flatMap((l) => (byLocation[l] ?? []).map((t) => ({ InstanceType: t, Location: l, LocationType: input['LocationType'] }))),
    };
  });
}

function run(ec2: FakeAwsClient, overrides: Parameters<typeof seedClusterConfig>[0] = {}) {
  const config = seedClusterConfig({ subnets: [{ availabilityZone: 'us-west-1b', instanceCIDR: '10.0.0.0/24' }], ...overrides });
  return checkInstanceTypes({ config, clients: { ec2 } as unknown as AwsClients, imageId: 'ami-1', ownResources: new Map() });
}

describe('instance-types check', () => {
  it('suggests the closest offered names for a typo, and nothing for a guess', () => {
    assert.deepEqual(closestInstanceTypes('m3.meduim', TYPES), ['m3.medium']);
    assert.deepEqual(closestInstanceTypes('t3.mediun', TYPES), ['t3.medium']);
    assert.deepEqual(closestInstanceTypes('x1e.32xlarge', TYPES), []);
  });

  it('passes types offered in the zones, filtering offerings by those zones', async () => {
    const ec2 = ec2Offering({ 'us-west-1b': TYPES });
    const check = await run(ec2, { controllerInstanceType: 'm3.medium', workerInstanceType: 't2.micro' });
    assert.equal(check.ok, true, check.detail);
    assert.equal(check.name, 'instance-types');
    assert.deepEqual(ec2.callsOf('DescribeInstanceTypeOfferings')[0]?.['LocationType'], 'availability-zone');
    assert.deepEqual(ec2.callsOf('DescribeInstanceTypeOfferings')[0]?.['Filters'], [{ Name: 'location', Values: ['us-west-1b'] }]);
  });

  it('fails an unknown type naming the cluster.yaml field, with a did-you-mean', async () => {
    const check = await run(ec2Offering({ 'us-west-1b': TYPES }), { controllerInstanceType: 'm3.meduim', workerInstanceType: 't3.mediun' });
    assert.equal(check.ok, false);
    assert.match(check.detail, /controllerInstanceType m3\.meduim \(cluster\.yaml\) is not an instance type offered in us-west-1b: did you mean m3\.medium\?/);
    assert.match(check.detail, /workerInstanceType t3\.mediun \(cluster\.yaml\) is not an instance type offered in us-west-1b: did you mean t3\.medium\?/);
    assert.match(check.detail, /aws ec2 describe-instance-type-offerings --region us-west-1 --location-type availability-zone/);
  });

  it('fails a worker type offered in only some of the subnets\' zones', async () => {
    const ec2 = ec2Offering({ 'us-west-1b': TYPES, 'us-west-1c': ['t3.medium'] });
    const check = await run(ec2, {
      subnets: [
        { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.0.0/24' },
        { availabilityZone: 'us-west-1c', instanceCIDR: '10.0.1.0/24' },
      ],
      workerInstanceType: 'm5.large',
    });
    assert.equal(check.ok, false);
    assert.match(check.detail, /^workerInstanceType m5\.large \(cluster\.yaml\) is offered in us-west-1b but not in us-west-1c: choose a type offered in every zone/);
  });

  it('checks a zone that lists no offerings against the region, and says so', async () => {
    const ec2 = ec2Offering({ 'us-west-1': TYPES });
    const ok = await run(ec2, { subnets: [{ availabilityZone: 'us-west-1c', instanceCIDR: '10.0.0.0/24' }] });
    assert.equal(ok.ok, true, ok.detail);
    assert.match(ok.detail, /us-west-1c lists no offerings; checked against us-west-1's/);
    assert.deepEqual(ec2.callsOf('DescribeInstanceTypeOfferings').map((c) => c['LocationType']), ['availability-zone', 'region']);
    const typo = await run(ec2Offering({ 'us-west-1': TYPES }), { subnets: [{ availabilityZone: 'us-west-1c', instanceCIDR: '10.0.0.0/24' }], controllerInstanceType: 'm3.meduim' });
    assert.match(typo.detail, /did you mean m3\.medium\?/);
  });
});
