/** The template checks `validate` runs, determinism, and the size limits. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { TemplateReferenceError } from '../../src/errors.js';
import {
  assertTemplateReferences,
  buildStackTemplate,
  checkTemplateReferences,
  checkTemplateSize,
  minifyTemplate,
  TEMPLATE_BODY_LIMIT_BYTES,
} from '../../src/stack/index.js';
import type { CfnTemplate } from '../../src/stack/index.js';
import { defaultStackOptions } from './helpers.js';
import { SCENARIOS } from './scenarios.js';

const seedTemplate = (): CfnTemplate => buildStackTemplate(seedClusterConfig(), defaultStackOptions());
/** A deep copy to break on purpose. */
const mutable = (t: CfnTemplate): Record<string, Record<string, Record<string, unknown>>> => JSON.parse(JSON.stringify(t));

describe('checkTemplateReferences', () => {
  it('finds nothing wrong in any scenario', () => {
    for (const { name, config } of SCENARIOS) {
      assert.deepEqual(checkTemplateReferences(buildStackTemplate(config, defaultStackOptions())), [], name);
    }
  });

  it('names the path and the missing name of a broken Ref', () => {
    const t = mutable(seedTemplate());
    (t.Resources!.InstanceController!.Properties as Record<string, unknown>).SubnetId = { Ref: 'Subnet7' };
    assert.deepEqual(checkTemplateReferences(t), [
      { path: 'Resources.InstanceController.Properties.SubnetId', name: 'Subnet7', message: 'Subnet7 is not a resource or parameter' },
    ]);
  });

  it('checks GetAtt, DependsOn, Conditions and ${X} inside Fn::Sub', () => {
    const t = mutable(seedTemplate());
    const lt = t.Resources!.LaunchTemplateWorker!.Properties as { LaunchTemplateData: Record<string, unknown> };
    lt.LaunchTemplateData.UserData = { 'Fn::Base64': { 'Fn::Sub': 's3://${AssetBucket}/x?r=${AWS::Region}&${!Literal}' } };
    lt.LaunchTemplateData.IamInstanceProfile = { Arn: { 'Fn::GetAtt': ['ProfileWorker', 'Arn'] } };
    t.Resources!.AutoScaleWorker!.DependsOn = 'RouteToMars';
    t.Resources!.ExternalDNS!.Condition = 'MakeNodes';
    const problems = checkTemplateReferences(t);
    assert.deepEqual(
      problems.map((p) => [p.path, p.name]).sort(),
      [
        ['Resources.AutoScaleWorker.DependsOn', 'RouteToMars'],
        ['Resources.LaunchTemplateWorker.Properties.LaunchTemplateData.IamInstanceProfile.Arn', 'ProfileWorker'],
        ['Resources.LaunchTemplateWorker.Properties.LaunchTemplateData.UserData.Fn::Base64', 'AssetBucket'],
        ['Resources.ExternalDNS.Condition', 'MakeNodes'],
        // ExternalDNS is no longer under CreateNodes, but refers to an EIP that is.
        ['Resources.ExternalDNS.Properties.ResourceRecords.0', 'EIPController'],
      ].sort(),
    );
  });

  it('flags an unconditional output or resource that refers to a node-phase resource', () => {
    const t = mutable(seedTemplate());
    delete (t.Outputs!.ControllerIP as Record<string, unknown>).Condition;
    assert.deepEqual(
      checkTemplateReferences(t).map((p) => [p.path, p.name]),
      [['Outputs.ControllerIP.Value', 'EIPController']],
    );
  });

  it('flags a resource without Type and an unknown top-level section', () => {
    const t = mutable(seedTemplate()) as Record<string, unknown>;
    t.Resourcse = {};
    delete ((t.Resources as Record<string, Record<string, unknown>>).VPC as Record<string, unknown>).Type;
    assert.deepEqual(
      checkTemplateReferences(t).map((p) => p.path),
      ['Resourcse', 'Resources.VPC.Type'],
    );
  });

  it('assertTemplateReferences throws TemplateReferenceError naming stack-template.json and each path', () => {
    const t = mutable(seedTemplate());
    (t.Resources!.EIPController!.Properties as Record<string, unknown>).InstanceId = { Ref: 'Nope' };
    assert.throws(
      () => assertTemplateReferences(t),
      (e: unknown) =>
        e instanceof TemplateReferenceError &&
        e.file === 'stack-template.json' &&
        e.problems.length === 1 &&
        e.message.includes('stack-template.json') &&
        e.message.includes('Resources.EIPController.Properties.InstanceId: Nope is not a resource or parameter'),
    );
    assert.doesNotThrow(() => assertTemplateReferences(seedTemplate()));
  });
});

describe('determinism and size', () => {
  it('two builds of each scenario are deep-equal and serialise byte-identically', () => {
    for (const { name, config } of SCENARIOS) {
      const a = buildStackTemplate(config, defaultStackOptions());
      const b = buildStackTemplate(config, defaultStackOptions());
      assert.deepEqual(a, b, name);
      assert.equal(JSON.stringify(a), JSON.stringify(b), name);
      assert.equal(minifyTemplate(a), minifyTemplate(b), name);
    }
  });

  it('minifies to compact JSON with sorted keys, independent of key insertion order', () => {
    const t = seedTemplate();
    const reordered = Object.fromEntries(Object.entries(t).reverse()) as unknown as CfnTemplate;
    assert.equal(minifyTemplate(reordered), minifyTemplate(t));
    const body = minifyTemplate(t);
    assert.deepEqual(JSON.parse(body), JSON.parse(JSON.stringify(t)));
    assert.equal(body.includes('\n'), false);
    assert.ok(body.startsWith('{"AWSTemplateFormatVersion":"2010-09-09","Conditions":'));
  });

  it('keeps the seed template well inside the 51,200-byte TemplateBody limit', () => {
    const size = checkTemplateSize(minifyTemplate(seedTemplate()));
    console.log(`seed stack template, minified: ${size.bytes} bytes`);
    assert.ok(size.bytes < TEMPLATE_BODY_LIMIT_BYTES, `${size.bytes} bytes`);
    assert.ok(size.bytes < TEMPLATE_BODY_LIMIT_BYTES / 2, `${size.bytes} bytes leaves little room for user data`);
    assert.deepEqual({ fitsInline: size.fitsInline, fitsS3: size.fitsS3 }, { fitsInline: true, fitsS3: true });
  });

  it('counts UTF-8 bytes and reports the inline and S3 limits', () => {
    assert.deepEqual(checkTemplateSize('é'), { bytes: 2, fitsInline: true, fitsS3: true });
    assert.deepEqual(checkTemplateSize('x'.repeat(51_200)), { bytes: 51_200, fitsInline: true, fitsS3: true });
    assert.deepEqual(checkTemplateSize('x'.repeat(51_201)), { bytes: 51_201, fitsInline: false, fitsS3: true });
    assert.deepEqual(checkTemplateSize('x'.repeat(1_000_001)), { bytes: 1_000_001, fitsInline: false, fitsS3: false });
  });
});
