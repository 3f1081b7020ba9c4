import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecLineError, parseEnvironmentFile, parseEnvironmentSetting, parseExecLine } from '../../src/systemd/exec-line.js';

// Each case follows systemd.service(5), "Command lines".
test('words split on whitespace; quotes group and are removed; C escapes apply', () => {
  assert.deepEqual(parseExecLine(`/bin/echo one "two three" 'four\\tfive' six\\ seven`, {}).argv, ['/bin/echo', 'one', 'two three', 'four\tfive', 'six seven']);
});

test('${VAR} is replaced inside a word; $VAR alone as a word is split on whitespace; $$ is a literal $', () => {
  const env = { NAME: 'ip-10-0-0-5.us-west-1.compute.internal', ARGS: '--a=1  --b=2' };
  assert.deepEqual(parseExecLine('/usr/bin/kubelet --hostname-override=${NAME} $ARGS', env).argv, ['/usr/bin/kubelet', '--hostname-override=ip-10-0-0-5.us-west-1.compute.internal', '--a=1', '--b=2']);
  assert.deepEqual(parseExecLine(`/bin/sh -c 'echo "$$SERVICE_RESULT"'`, {}).argv, ['/bin/sh', '-c', 'echo "$SERVICE_RESULT"']);
  assert.deepEqual(parseExecLine('/bin/echo ${UNSET}x', {}).argv, ['/bin/echo', 'x']);
});

test('prefixes: - ignores failure, : disables expansion, @ takes the second word as argv[0], + and ! are accepted', () => {
  const c = parseExecLine('-/bin/false', {});
  assert.equal(c.ignoreFailure, true);
  assert.deepEqual(c.argv, ['/bin/false']);
  assert.deepEqual(parseExecLine(':/bin/echo ${X}', { X: 'y' }).argv, ['/bin/echo', '${X}']);
  assert.deepEqual(parseExecLine('@/bin/sleep sleeper 1', {}).argv, ['/bin/sleep', '1']);
  assert.deepEqual(parseExecLine('+!/bin/true', {}).argv, ['/bin/true']);
});

test('an unterminated quote or an empty line is an error', () => {
  assert.throws(() => parseExecLine('/bin/echo "open', {}), ExecLineError);
  assert.throws(() => parseExecLine('-', {}), ExecLineError);
});

test('EnvironmentFile lines: comments, blanks, export and quotes', () => {
  assert.deepEqual(parseEnvironmentFile('# node\nKUBELET_NODE_NAME=ip-1\n\nexport A="b c"\nB=\'d\'\n; x\n'), { KUBELET_NODE_NAME: 'ip-1', A: 'b c', B: 'd' });
  assert.deepEqual(parseEnvironmentSetting('"A=1 2" B=3'), { A: '1 2', B: '3' });
});
