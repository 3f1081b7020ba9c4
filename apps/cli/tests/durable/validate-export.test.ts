// `validate` with its AWS half (through a fake Temporal) and `up --export` (offline), on a rendered cluster.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClusterSummary, TemplateValidationReport } from '@kube-aws/aws';
import type { ValidateResult } from '@kube-aws/workflows';
import { formatValidationReport } from '../../src/commands/validation-report.js';
import { clusterDir, removeDir } from './cluster-dir.js';
import { FakeTemporal, progressOf } from './fake-temporal.js';
import { CLUSTER_ID, harness } from './harness.js';

const SEED_REPORT: TemplateValidationReport = {
  description: 'kube-aws Kubernetes cluster kube-cluster',
  parameters: [],
  capabilities: ['CAPABILITY_IAM'],
  capabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::InstanceProfile, AWS::IAM::Role]',
};

/** The seed's block, character for character. */
const SEED_BLOCK =
  'Validation Report: {\n' +
  '  Capabilities: ["CAPABILITY_IAM"],\n' +
  '  CapabilitiesReason: "The following resource(s) require capabilities: [AWS::IAM::InstanceProfile, AWS::IAM::Role]",\n' +
  '  Description: "kube-aws Kubernetes cluster kube-cluster"\n' +
  '}\n';

function validating(result: ValidateResult): FakeTemporal {
  const fake = new FakeTemporal();
  fake.progress = [progressOf({ command: 'validate', step: 'done' })];
  fake.onQuery = () => fake.complete(result);
  return fake;
}

const result = (preflight: ValidateResult['preflight']): ValidateResult => ({
  cluster: { clusterName: 'kube-cluster' } as ClusterSummary,
  template: SEED_REPORT,
  preflight,
});

const noTemporal = { connect: async (): Promise<never> => assert.fail('must not connect to Temporal') };

describe('formatValidationReport', () => {
  it("prints the seed's report the way aws-sdk-go's Prettify did", () => {
    assert.equal(`Validation Report: ${formatValidationReport(SEED_REPORT)}\n`, SEED_BLOCK);
  });

  it('lists parameters, breaking lists of more than three over lines', () => {
    const text = formatValidationReport({
      ...SEED_REPORT,
      capabilities: [],
      parameters: [
        { key: 'Phase', defaultValue: 'nodes' },
        { key: 'ImageId' },
        { key: 'ControllerConfigSha512', defaultValue: 'pending' },
        { key: 'WorkerConfigSha512', defaultValue: 'pending' },
      ],
    });
    assert.equal(
      text,
      '{\n' +
        '  CapabilitiesReason: "The following resource(s) require capabilities: [AWS::IAM::InstanceProfile, AWS::IAM::Role]",\n' +
        '  Description: "kube-aws Kubernetes cluster kube-cluster",\n' +
        '  Parameters: [\n' +
        '    {\n      DefaultValue: "nodes",\n      ParameterKey: "Phase"\n    },\n' +
        '    {\n      ParameterKey: "ImageId"\n    },\n' +
        '    {\n      DefaultValue: "pending",\n      ParameterKey: "ControllerConfigSha512"\n    },\n' +
        '    {\n      DefaultValue: "pending",\n      ParameterKey: "WorkerConfigSha512"\n    }\n' +
        '  ]\n' +
        '}',
    );
  });
});

describe('kube-aws validate and up --export on a rendered cluster', () => {
  let dir: string;
  before(async () => (dir = await clusterDir(['render'])));
  after(() => removeDir(dir));

  it("runs the local checks, then validateWorkflow, and prints the seed's report and the preflight checks", async () => {
    const fake = validating(result([
      { name: 'key-pair', ok: true, detail: 'Key isaack-k8s exists' },
      { name: 'availability-zones', ok: true, detail: 'us-west-1c is available' },
    ]));
    const run = await harness(dir, fake).run(['validate']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Validating UserData...\nUserData is valid.\n\nValidating stack template...\nstack template is valid.\n\n' +
        'Preflight checks:\n  ok    key-pair            Key isaack-k8s exists\n  ok    availability-zones  us-west-1c is available\n\n' +
        'Validation OK!\n',
    );
    assert.ok(run.stderr.includes(SEED_BLOCK), run.stderr);
    const start = fake.starts[0]!;
    assert.equal(start.workflowType, 'validateWorkflow');
    assert.match(start.workflowId, new RegExp(`^${CLUSTER_ID}:validate:`));
  });

  it('prints the note of a check, such as the key an alias kmsKeyArn resolves to', async () => {
    const key = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
    const fake = validating(result([
      { name: 'kms-key', ok: true, detail: `alias/kube-aws-assets resolves to ${key}`, keyArn: key, note: `kmsKeyArn alias/kube-aws-assets resolves to ${key}` },
    ]));
    const run = await harness(dir, fake).run(['validate']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stderr.includes(`Note: kmsKeyArn alias/kube-aws-assets resolves to ${key}\n`), run.stderr);
    assert.match(run.stdout, /Validation OK!\n$/);
  });

  it('a failed preflight check fails validate (exit 2) after listing every check', async () => {
    const fake = validating(result([
      { name: 'key-pair', ok: false, detail: 'Key isaack-k8s does not exist in us-west-1' },
      { name: 'hosted-zone', ok: true, detail: 'isaack.io. is Z123' },
    ]));
    const run = await harness(dir, fake).run(['validate']);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /  FAIL  key-pair     Key isaack-k8s does not exist in us-west-1\n/);
    assert.doesNotMatch(run.stdout, /Validation OK!/);
    assert.match(run.stderr, /Error: preflight check\(s\) failed: key-pair; fix them and run kube-aws validate again/);
  });

  it('--offline stays local: no Temporal, no AWS', async () => {
    const run = await harness(dir, new FakeTemporal(), noTemporal).run(['validate', '--offline']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /stack template is valid\.\n\nValidation OK!\n$/);
  });

  it('up --export writes <clusterName>.stack-template.json (0600) with its parameters and creates nothing', async () => {
    const run = await harness(dir, new FakeTemporal(), noTemporal).run(['up', '--export']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Exporting kube-cluster.stack-template.json\n');
    const path = join(dir, 'kube-cluster.stack-template.json');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const exported = JSON.parse(await readFile(path, 'utf8')) as { Parameters: Record<string, { Default?: string }>; Resources: object };
    const rendered = JSON.parse(await readFile(join(dir, 'stack-template.json'), 'utf8')) as { Resources: object };
    assert.deepEqual(exported.Resources, rendered.Resources);
    assert.equal(exported.Parameters['Phase']?.Default, 'nodes');
    assert.match(exported.Parameters['KmsKeyArn']?.Default ?? '', /^arn:aws:kms:us-west-1:\d{12}:key\//, 'a key ARN kmsKeyArn is the default');
    assert.equal(exported.Parameters['ImageId']?.Default, undefined, 'no amiId: up looks the image up');
    assert.match(run.stderr, /ImageId: the newest Flatcar stable image in us-west-1, looked up by up/);
    assert.match(run.stderr, /ControllerConfigSha512: SHA-512 of the controller config/);
  });
});
