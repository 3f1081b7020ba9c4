// The console parser against recorded consoles (tests/fixtures/consoles): the failed kube-aws unit,
// its exit status and its last lines; the last failure of a restarting unit; a healthy console; a
// console with kernel timestamps and colours; a unit that succeeded after failing. And the limits:
// few short lines, secrets redacted.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { describeBootFailure, describeUnitFailure, parseBootConsole, redactSecrets } from '../../src/nodes/boot-console.js';

const consoleOf = (name: string) => readFile(new URL(`../fixtures/consoles/${name}.txt`, import.meta.url), 'utf8');
const DECRYPT = 'kube-aws-decrypt-assets.service';
const KMS_EXEC = 'ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "kms": executable file not found in $PATH: unknown';
// Built from parts so that secret scanners see no key in this file.
const DASHES = '-'.repeat(5);
const pem = (what: string) => `${DASHES}BEGIN ${what}${DASHES}\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n${DASHES}END ${what}${DASHES}`;
const SECRET_KEY = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

describe('parseBootConsole (recorded consoles)', () => {
  it('finds the failed decrypt unit, its status and its output (the sample)', async () => {
    const failures = parseBootConsole(await consoleOf('decrypt-failed'));
    assert.deepEqual(failures, [{ unit: DECRYPT, result: 'exit-code', status: '1', lastLines: [KMS_EXEC] }]);
    assert.equal(describeUnitFailure(failures[0]!), `${DECRYPT} failed (status=1): ${KMS_EXEC}`);
  });

  it('two failing units: both, each with its own lines; a restarted unit keeps its last failure', async () => {
    const failures = parseBootConsole(await consoleOf('two-units-failed'));
    assert.deepEqual(failures.map((f) => [f.unit, f.status]), [[DECRYPT, '254'], ['kube-aws-addons.service', '1']]);
    const [decrypt, addons] = failures;
    assert.equal(decrypt?.lastLines.length, 5, 'at most five lines');
    assert.deepEqual(decrypt?.lastLines.slice(0, 4), ['line 2 of the second attempt', 'line 3 of the second attempt', 'line 4 of the second attempt', 'line 5 of the second attempt']);
    assert.match(decrypt?.lastLines[4] ?? '', /^An error occurred \(AccessDeniedException\) when calling the Decrypt operation: .*…$/);
    assert.equal(decrypt?.lastLines[4]?.length, 200, 'cut to 200 characters');
    assert.ok(!decrypt?.lastLines.some((l) => l.includes('ExpiredToken')), 'the first attempt is not the last failure');
    assert.deepEqual(addons?.lastLines.length, 1);
    assert.match(addons?.lastLines[0] ?? '', /^error: error validating "\/opt\/kube-aws\/addons\/coredns\.yaml"/);
    assert.ok(!JSON.stringify(failures).includes('[DEPEND]'), 'status lines are not output');
  });

  it('a healthy console has no failed unit', async () => {
    assert.deepEqual(parseBootConsole(await consoleOf('healthy')), []);
  });

  it('strips kernel timestamps, colours and carriage returns', async () => {
    assert.deepEqual(parseBootConsole(await consoleOf('timestamps')), [{ unit: DECRYPT, result: 'exit-code', status: '1', lastLines: [KMS_EXEC] }]);
  });

  it('a unit that succeeded after an earlier failure is not failed', async () => {
    assert.deepEqual(parseBootConsole(await consoleOf('recovered')), []);
  });
});

describe('parseBootConsole (edges)', () => {
  it("a unit that fails without its own line is found by systemd's [FAILED], with no status", () => {
    const text = ['         Starting kubelet.service - kubelet...', 'E0101 kubelet: failed to load kubelet config file', '[FAILED] Failed to start kubelet.service - kubelet.'].join('\n');
    assert.deepEqual(parseBootConsole(text), [{ unit: 'kubelet.service', lastLines: ['E0101 kubelet: failed to load kubelet config file'] }]);
  });

  it("lists kube-aws's units before others, whatever failed first", () => {
    const text = [
      '[FAILED] Failed to start systemd-networkd-wait-online.service - Wait for Network to be Configured.',
      '         Starting kube-aws-node-env.service - kube-aws: compute this node\'s name...',
      'curl: (7) Failed to connect to 169.254.169.254',
      'kube-aws: kube-aws-node-env.service failed (result=exit-code, status=7)',
    ].join('\n');
    assert.deepEqual(parseBootConsole(text).map((f) => f.unit), ['kube-aws-node-env.service', 'systemd-networkd-wait-online.service']);
  });

  it('a failure with no Starting line takes the lines just before it; other results are named', () => {
    const text = ['[  OK  ] Reached target basic.target.', 'first', 'second', 'kube-aws: kube-aws-addons.service failed (result=signal, status=KILL)'].join('\n');
    const [f] = parseBootConsole(text);
    assert.deepEqual(f, { unit: 'kube-aws-addons.service', result: 'signal', status: 'KILL', lastLines: ['first', 'second'] });
    assert.equal(describeUnitFailure(f!), 'kube-aws-addons.service failed (result=signal, status=KILL): second');
  });

  it('ignores report fields that are not short plain tokens', () => {
    const [f] = parseBootConsole(`kube-aws: kube-aws-addons.service failed (result=${'x'.repeat(500)}, status=1 $(reboot))`);
    assert.deepEqual([f?.result, f?.status], [undefined, undefined]);
  });

  it('never keeps a long line whole, however long the console', () => {
    const huge = ['         Starting kube-aws-addons.service - addons...', 'y'.repeat(2_000_000), 'kube-aws: kube-aws-addons.service failed (result=exit-code, status=1)'].join('\n');
    const [f] = parseBootConsole(huge);
    assert.equal(f?.lastLines[0]?.length, 200);
  });

  it('redacts private key blocks and AWS secret keys from the lines it keeps', () => {
    const text = [
      '         Starting kube-aws-decrypt-assets.service - decrypt...',
      ...pem('RSA PRIVATE KEY').split('\n'),
      `aws_secret_access_key = ${SECRET_KEY}`,
      `{"Code":"Success","AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"${SECRET_KEY}","Token":"IQoJb3JpZ2luX2VjEXAMPLE"}`,
      `bare ${SECRET_KEY} here`,
      'kube-aws: kube-aws-decrypt-assets.service failed (result=exit-code, status=1)',
    ].join('\n');
    const [f] = parseBootConsole(text);
    const kept = JSON.stringify(f);
    assert.doesNotMatch(kept, /PRIVATE KEY-|MIIEvQ|wJalrXUtnFEMI|IQoJb3JpZ2lu/);
    assert.deepEqual(f?.lastLines, [
      '[redacted private key]',
      'aws_secret_access_key = [redacted]',
      '{"Code":"Success","AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"[redacted]","Token":"[redacted]"}',
      'bare [redacted] here',
    ]);
  });

  it('redacts a key block whose END never came, and keeps hex digests and ordinary text', () => {
    assert.equal(redactSecrets(`before\n${pem('PRIVATE KEY').split('\n').slice(0, 2).join('\n')}\nmore`), 'before\n[redacted private key]');
    const ordinary = `commit ${'0123456789abcdef'.repeat(2)}01234567 of /opt/kube-aws/bin/decrypt-tls-assets, token file /run/kube-aws/token`;
    assert.equal(redactSecrets(ordinary), ordinary);
  });
});

describe('describeBootFailure', () => {
  it('reads as verify shows it', () => {
    const line = describeBootFailure({
      nodeName: 'ip-10-0-0-51.us-west-1.compute.internal',
      instanceId: 'i-0abc123def4567890',
      units: [{ unit: DECRYPT, result: 'exit-code', status: '1', lastLines: ['one', 'exec: "kms": executable file not found in $PATH: unknown'] }],
    });
    assert.equal(line, `ip-10-0-0-51.us-west-1.compute.internal (i-0abc123def4567890): not registered — ${DECRYPT} failed (status=1): exec: "kms": executable file not found in $PATH: unknown`);
  });
});
