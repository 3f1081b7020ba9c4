/**
 * The ctr stand-in against containerd's documented `ctr` behaviour (containerd `cmd/ctr`: `run`
 * builds the process from the image config unless arguments are given, which replace entrypoint and
 * cmd alike; `--mount` binds; `--net-host` shares the host network; ctr exits with the task's
 * status). Real processes in real mount and network namespaces: root is required, as for the machines.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

const CTR = fileURLToPath(new URL('../../stand-ins/ctr.py', import.meta.url));
const IMAGE = 'registry.example/tool:1.0';

describe('ctr stand-in', () => {
  let dir = '';
  before(() => {
    if (process.getuid?.() !== 0) throw new Error('the machines need root (Linux namespaces and mounts): run the tests as root, as CI does');
    dir = mkdtempSync(join(tmpdir(), 'ctr-'));
    writeFileSync(
      join(dir, 'images.json'),
      JSON.stringify({
        [IMAGE]: { entrypoint: ['/usr/local/bin/tool'], cmd: ['from-cmd'], env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'IMAGE_ENV=yes'], programs: { '/usr/local/bin/tool': '/usr/bin/echo' }, binds: [] },
      }),
    );
    writeFileSync(join(dir, 'secret.txt'), 'mounted\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** ctr as a machine runs it: inside a private mount namespace (the machine's), with the host's root as /.host being '' here. */
  function ctr(args: string[]): { code: number | null; out: string; err: string } {
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'python3', CTR, ...args], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KUBE_AWS_SANDBOX_HOST: '',
        KUBE_AWS_SANDBOX_IMAGES: join(dir, 'images.json'),
        KUBE_AWS_SANDBOX_CTR_STATE: join(dir, 'state'),
        KUBE_AWS_SANDBOX_CTR_RUN: join(dir, 'run'),
      },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  test('an image must be pulled, and only images the table has can be', () => {
    assert.match(ctr(['--namespace', 'ns', 'run', '--rm', IMAGE, 'c0']).err, /ctr: image "registry.example\/tool:1.0": not found/);
    const unknown = ctr(['images', 'pull', 'registry.example/other:2']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /failed to resolve reference "registry.example\/other:2"/);
    assert.equal(ctr(['--namespace', 'ns', 'images', 'pull', IMAGE]).code, 0);
  });

  test('without arguments the process is entrypoint + cmd; with arguments they replace both', () => {
    const plain = ctr(['-n', 'ns', 'run', '--rm', IMAGE, 'c1']);
    assert.equal(plain.code, 0, plain.err);
    assert.equal(plain.out, 'from-cmd\n');
    const withArgs = ctr(['-n', 'ns', 'run', '--rm', IMAGE, 'c2', 'tool', 'given']);
    assert.equal(withArgs.out, 'given\n', 'the program is looked up in the image PATH and the entrypoint is not prepended');
  });

  test('a first argument that is not a program fails as runc reports it (the kms-as-program bug)', () => {
    const r = ctr(['-n', 'ns', 'run', '--rm', '--net-host', IMAGE, 'c3', 'kms', 'decrypt', '--region', 'us-west-1']);
    assert.equal(r.code, 1);
    assert.match(r.err, /exec: "kms": executable file not found in \$PATH/);
  });

  test('the exit status is the process\'s; --env adds to the image environment, nothing leaks from the caller', () => {
    assert.equal(ctr(['-n', 'ns', 'run', '--rm', IMAGE, 'c4', '/bin/sh', '-c', 'exit 7']).code, 7);
    const env = ctr(['-n', 'ns', 'run', '--rm', '--env', 'EXTRA=1', IMAGE, 'c5', '/usr/bin/env']).out;
    assert.match(env, /^IMAGE_ENV=yes$/m);
    assert.match(env, /^EXTRA=1$/m);
    assert.doesNotMatch(env, /KUBE_AWS_SANDBOX_IMAGES/);
  });

  test('--mount binds a directory, read-only with ro', () => {
    const mount = `type=bind,src=${dir},dst=/pki,options=rbind:ro`;
    assert.equal(ctr(['-n', 'ns', 'run', '--rm', '--mount', mount, IMAGE, 'c6', '/bin/cat', '/pki/secret.txt']).out, 'mounted\n');
    const write = ctr(['-n', 'ns', 'run', '--rm', '--mount', mount, IMAGE, 'c7', '/bin/sh', '-c', 'echo x > /pki/new']);
    assert.notEqual(write.code, 0);
    assert.match(write.err, /Read-only file system/);
  });

  test('without --net-host the container has only a loopback; with it, the caller\'s network', () => {
    const own = ctr(['-n', 'ns', 'run', '--rm', IMAGE, 'c8', '/bin/cat', '/proc/net/dev']).out;
    const host = ctr(['-n', 'ns', 'run', '--rm', '--net-host', IMAGE, 'c9', '/bin/cat', '/proc/net/dev']).out;
    const interfaces = (text: string): string[] => text.split('\n').slice(2).map((l) => l.split(':')[0]?.trim() ?? '').filter(Boolean);
    assert.deepEqual(interfaces(own), ['lo']);
    assert.ok(interfaces(host).length > 1, `host interfaces: ${interfaces(host).join(', ')}`);
  });

  test('-- ends ctr\'s flags, so the command\'s own flags stay its own; stdin reaches the process', () => {
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'python3', CTR, '-n', 'ns', 'run', '--rm', '--net-host', '--', IMAGE, 'c10', '/bin/sh', '-c', 'cat; echo " $1"', 'sh', '--region'], {
      encoding: 'utf8',
      input: 'from stdin',
      env: { PATH: process.env.PATH, KUBE_AWS_SANDBOX_HOST: '', KUBE_AWS_SANDBOX_IMAGES: join(dir, 'images.json'), KUBE_AWS_SANDBOX_CTR_STATE: join(dir, 'state'), KUBE_AWS_SANDBOX_CTR_RUN: join(dir, 'run') },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'from stdin --region\n');
  });

  test('a container ID stays taken without --rm', () => {
    assert.equal(ctr(['-n', 'ns', 'run', IMAGE, 'kept', '/bin/true']).code, 0);
    const again = ctr(['-n', 'ns', 'run', IMAGE, 'kept', '/bin/true']);
    assert.equal(again.code, 1);
    assert.match(again.err, /container "kept": already exists/);
  });
});
