/**
 * resolveKmsKey over a fake KMS: an alias resolves to its key ARN; a key the nodes cannot use
 * (disabled, pending deletion, not symmetric ENCRYPT_DECRYPT, another region or account) is a
 * problem saying why and what to fix; AWS faults that are not answers are thrown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { aliasNote, kmsKeyName, resolveKmsKey } from '../../src/kms/resolve-kms-key.js';
import { awsError, FakeAwsClient } from '../stack/helpers/fake-cloudformation.js';

const ACCOUNT = '123456789012';
const KEY = `arn:aws:kms:us-west-1:${ACCOUNT}:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f`;
const ALIAS = `arn:aws:kms:us-west-1:${ACCOUNT}:alias/kube-aws-assets`;
const HERE = { region: 'us-west-1', account: ACCOUNT };
const GOOD: KeyMetadata = { Arn: KEY, KeyId: '0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' };

function kmsAnswering(answer: (input: Record<string, unknown>) => unknown): { kms: KMSClient; fake: FakeAwsClient } {
  const fake = new FakeAwsClient('KMS').on('DescribeKey', answer);
  return { kms: fake as unknown as KMSClient, fake };
}

async function problemFor(meta: Partial<KeyMetadata>, configured = KEY): Promise<string> {
  const { kms } = kmsAnswering(() => ({ KeyMetadata: { ...GOOD, ...meta } }));
  const r = await resolveKmsKey(kms, configured, HERE);
  assert.equal(r.ok, false, JSON.stringify(r));
  return r.ok ? '' : r.problem;
}

describe('resolveKmsKey', () => {
  it('resolves an alias ARN to its key ARN, and says so', async () => {
    const { kms, fake } = kmsAnswering(() => ({ KeyMetadata: GOOD }));
    const r = await resolveKmsKey(kms, ALIAS, HERE);
    assert.deepEqual(fake.callsOf('DescribeKey'), [{ KeyId: ALIAS }]);
    assert.ok(r.ok);
    assert.equal(r.keyArn, KEY);
    assert.equal(r.viaAlias, true);
    assert.match(r.detail, /^alias\/kube-aws-assets resolves to arn:aws:kms:us-west-1:123456789012:key\/0f6c3d4e-.* an enabled symmetric ENCRYPT_DECRYPT key/);
    assert.equal(aliasNote(ALIAS, KEY), `kmsKeyArn alias/kube-aws-assets resolves to ${KEY}`);
  });

  it('keeps a key ARN as it is', async () => {
    const { kms } = kmsAnswering(() => ({ KeyMetadata: GOOD }));
    const r = await resolveKmsKey(kms, KEY, HERE);
    assert.ok(r.ok);
    assert.equal(r.keyArn, KEY);
    assert.equal(r.viaAlias, false);
    assert.equal(kmsKeyName(KEY), KEY);
  });

  it('refuses a disabled key, with the command that enables it', async () => {
    assert.match(await problemFor({ KeyState: 'Disabled' }), /kmsKeyArn .*key\/0f6c.* \(cluster\.yaml\) is disabled: enable it \(aws kms enable-key --key-id arn:aws:kms:us-west-1:123456789012:key\/0f6c.* --region us-west-1\)/);
  });

  it('refuses a key pending deletion, with its date and how to cancel', async () => {
    const problem = await problemFor({ KeyState: 'PendingDeletion', DeletionDate: new Date('2026-12-24T00:00:00Z') }, ALIAS);
    assert.match(problem, /alias\/kube-aws-assets, which resolves to key arn:aws:kms:.*key\/0f6c.*, is scheduled for deletion on 2026-12-24 \(PendingDeletion\): cancel it \(aws kms cancel-key-deletion/);
  });

  it('refuses a key that is not symmetric ENCRYPT_DECRYPT', async () => {
    assert.match(await problemFor({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }), /is a RSA_2048 key for SIGN_VERIFY, .*needs a symmetric encryption key \(KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT\)/);
    assert.match(await problemFor({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }), /is a HMAC_256 key for GENERATE_VERIFY_MAC/);
    assert.match(await problemFor({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }), /is a RSA_2048 key for ENCRYPT_DECRYPT/);
  });

  it('refuses a key of another region or account, listing every reason at once', async () => {
    const elsewhere = 'arn:aws:kms:eu-west-1:210987654321:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
    const problem = await problemFor({ Arn: elsewhere, KeyState: 'Disabled' });
    assert.match(problem, /is disabled/);
    assert.match(problem, /it also is in eu-west-1, but the cluster is in us-west-1/);
    assert.match(problem, /it also belongs to account 210987654321, but the cluster is deployed into 123456789012/);
  });

  it('reports a missing alias or key, and a key it may not describe, as problems', async () => {
    const missing = kmsAnswering(() => {
      throw awsError('NotFoundException', 'Alias arn:aws:kms:us-west-1:123456789012:alias/kube-aws-assets is not found.');
    });
    const r = await resolveKmsKey(missing.kms, ALIAS, HERE);
    assert.ok(!r.ok);
    assert.match(r.problem, /does not exist in us-west-1: create the alias .*aws kms create-alias --alias-name alias\/kube-aws-assets/);

    const denied = kmsAnswering(() => {
      throw awsError('AccessDeniedException', 'not authorized to perform kms:DescribeKey');
    });
    const d = await resolveKmsKey(denied.kms, KEY, HERE);
    assert.ok(!d.ok);
    assert.match(d.problem, /may not describe the key \(kms:DescribeKey denied\)/);
  });

  it('throws what is not an answer (throttling), for the activity to retry', async () => {
    const throttled = kmsAnswering(() => {
      throw awsError('ThrottlingException', 'Rate exceeded');
    });
    await assert.rejects(resolveKmsKey(throttled.kms, KEY, HERE), { name: 'ThrottlingException' });
  });
});
