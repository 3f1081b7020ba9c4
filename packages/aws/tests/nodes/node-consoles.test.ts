// Reading consoles with the EC2 boundary faked: GetConsoleOutput with Latest, the fallback without
// it, base64 as AWS answers, every error as "no console output"; and ConsoleWatch bounding the reads
// (once per instance per 30 s, a few per look, longest unread first).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { decodeConsoleOutput, ec2ConsoleReader } from '../../src/nodes/console-output.js';
import type { ConsoleReader } from '../../src/nodes/console-output.js';
import { ConsoleWatch } from '../../src/nodes/console-watch.js';

const FAILED = await readFile(new URL('../fixtures/consoles/decrypt-failed.txt', import.meta.url), 'utf8');
const HEALTHY = await readFile(new URL('../fixtures/consoles/healthy.txt', import.meta.url), 'utf8');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

type Answer = (input: { InstanceId?: string; Latest?: boolean }) => { Output?: string };

/** An EC2 client whose GetConsoleOutput answers with `answer`; it records every request. */
function fakeEc2(answer: Answer) {
  const requests: { InstanceId?: string; Latest?: boolean }[] = [];
  const ec2 = {
    send: async (command: GetConsoleOutputCommand) => {
      assert.equal(command.constructor.name, 'GetConsoleOutputCommand');
      requests.push(command.input);
      return { InstanceId: command.input.InstanceId, Timestamp: new Date(), ...answer(command.input) };
    },
  };
  return { ec2: ec2 as never, requests };
}

describe('ec2ConsoleReader', () => {
  it('asks for the latest output and decodes the base64 answer', async () => {
    const { ec2, requests } = fakeEc2(() => ({ Output: b64(FAILED) }));
    assert.equal(await ec2ConsoleReader(ec2)('i-0abc'), FAILED);
    assert.deepEqual(requests, [{ InstanceId: 'i-0abc', Latest: true }]);
  });

  it('falls back to the buffered output when Latest is refused, and remembers it per instance', async () => {
    const { ec2, requests } = fakeEc2((input) => {
      if (input.Latest) throw awsError('UnsupportedOperation', 'The requested operation is not supported for this instance type.');
      return { Output: b64(FAILED) };
    });
    const read = ec2ConsoleReader(ec2);
    assert.equal(await read('i-0abc'), FAILED);
    assert.equal(await read('i-0abc'), FAILED);
    assert.deepEqual(requests, [{ InstanceId: 'i-0abc', Latest: true }, { InstanceId: 'i-0abc' }, { InstanceId: 'i-0abc' }]);
  });

  it('treats access denied, throttling, an empty answer and a hung request as no console output', async () => {
    for (const error of [awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'), awsError('RequestLimitExceeded')]) {
      const { ec2, requests } = fakeEc2(() => { throw error; });
      assert.equal(await ec2ConsoleReader(ec2)('i-0abc'), undefined);
      assert.equal(requests.length, 1, `${error.name}: no second request`);
    }
    for (const Output of [undefined, '', b64('  \n')]) {
      const { ec2 } = fakeEc2(() => (Output === undefined ? {} : { Output }));
      assert.equal(await ec2ConsoleReader(ec2)('i-0abc'), undefined);
    }
    const hung = { send: (_c: unknown, options: { abortSignal: AbortSignal }) => new Promise((_resolve, reject) => options.abortSignal.addEventListener('abort', () => reject(options.abortSignal.reason))) };
    const started = Date.now();
    assert.equal(await ec2ConsoleReader(hung as never, { timeoutMs: 50 })('i-0abc'), undefined);
    assert.ok(Date.now() - started < 2_000);
  });

  it('decodes what AWS sends', () => {
    assert.equal(decodeConsoleOutput(b64('héllo\n')), 'héllo\n');
    assert.equal(decodeConsoleOutput(undefined), undefined);
  });
});

describe('ConsoleWatch', () => {
  const node = (n: number) => ({ nodeName: `ip-10-0-0-${n}.us-west-1.compute.internal`, instanceId: `i-${n}` });

  function counting(text: (id: string) => string | undefined) {
    const reads: string[] = [];
    const read: ConsoleReader = async (id) => {
      reads.push(id);
      return text(id);
    };
    return { read, reads };
  }

  it('reads each console at most once per 30 s, and reports only nodes with a failed unit', async () => {
    let clock = 0;
    const watch = new ConsoleWatch({ now: () => new Date(clock) });
    const { read, reads } = counting((id) => (id === 'i-51' ? FAILED : HEALTHY));
    const first = await watch.bootFailures([node(51), node(52)], read);
    assert.deepEqual(first.map((f) => [f.nodeName, f.instanceId, f.units.map((u) => u.unit)]), [[node(51).nodeName, 'i-51', ['kube-aws-decrypt-assets.service']]]);
    clock += 29_000;
    assert.deepEqual(await watch.bootFailures([node(51), node(52)], read), first, 'the remembered answer');
    assert.deepEqual(reads, ['i-51', 'i-52']);
    clock += 1_000;
    await watch.bootFailures([node(51)], read);
    assert.deepEqual(reads, ['i-51', 'i-52', 'i-51']);
  });

  it('reads a few consoles per look, the longest unread first', async () => {
    let clock = 0;
    const watch = new ConsoleWatch({ now: () => new Date(clock), readsPerLook: 2 });
    const { read, reads } = counting(() => FAILED);
    const nodes = [node(1), node(2), node(3)];
    assert.equal((await watch.bootFailures(nodes, read)).length, 2);
    clock += 30_000;
    assert.equal((await watch.bootFailures(nodes, read)).length, 3);
    assert.deepEqual(reads, ['i-1', 'i-2', 'i-3', 'i-1']);
  });

  it('a reader that throws is an empty console; overlapping looks do not read twice', async () => {
    const watch = new ConsoleWatch({ now: () => new Date(0) });
    let calls = 0;
    const read: ConsoleReader = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('boom');
    };
    const [a, b] = await Promise.all([watch.bootFailures([node(1)], read), watch.bootFailures([node(1)], read)]);
    assert.deepEqual([a, b, calls], [[], [], 1]);
  });
});
