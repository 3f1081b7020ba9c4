import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { clusterYamlJsonSchema } from '../src/index.js';

describe('cluster.schema.json', () => {
  it('is what clusterYamlJsonSchema() returns', () => {
    const committed = readFileSync(new URL('../cluster.schema.json', import.meta.url), 'utf8');
    assert.equal(
      committed,
      `${JSON.stringify(clusterYamlJsonSchema(), null, 2)}\n`,
      'cluster.schema.json is stale: regenerate it with `npx tsx scripts/write-schema.ts` in packages/config',
    );
  });

  it('describes every property, nested ones included', () => {
    const schema = clusterYamlJsonSchema() as { properties: Record<string, { description?: string; items?: { properties: Record<string, { description?: string }> } }> };
    const properties = Object.entries(schema.properties);
    assert.ok(properties.length >= 36, `only ${properties.length} keys`);
    for (const [key, p] of properties) {
      assert.ok(p.description && !p.description.includes('\n'), `${key} needs a one-line description`);
    }
    for (const [key, p] of Object.entries(schema.properties.subnets?.items?.properties ?? {})) {
      assert.ok(p.description, `subnets.${key} needs a description`);
    }
  });

  it('holds all 30 kube-aws v0.7.1 keys', () => {
    const keys = Object.keys((clusterYamlJsonSchema() as { properties: object }).properties);
    for (const key of [
      'clusterName', 'externalDNSName', 'keyName', 'region', 'availabilityZone', 'releaseChannel', 'controllerInstanceType',
      'controllerRootVolumeSize', 'workerCount', 'workerInstanceType', 'workerRootVolumeSize', 'workerSpotPrice', 'vpcId',
      'routeTableId', 'vpcCIDR', 'instanceCIDR', 'subnets', 'controllerIP', 'podCIDR', 'serviceCIDR', 'dnsServiceIP',
      'kubernetesVersion', 'hyperkubeImageRepo', 'kmsKeyArn', 'createRecordSet', 'recordSetTTL', 'hostedZone', 'hostedZoneId',
      'stackTags', 'useCalico',
    ]) {
      assert.ok(keys.includes(key), `${key} missing`);
    }
  });
});
