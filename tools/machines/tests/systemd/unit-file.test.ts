import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUnit, timeSpanMs, unitNames, value, values } from '../../src/systemd/unit-file.js';

test('a drop-in resets ExecStart= with an empty assignment and appends with a new one, in lexical order', () => {
  const unit = parseUnit(
    'kubelet.service',
    '[Unit]\nAfter=network-online.target\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n',
    [
      { name: '20-kube-aws.conf', text: '[Unit]\nAfter=containerd.service a.service\nRequires=containerd.service\n[Service]\nExecStart=\nExecStart=/usr/bin/kubelet \\\n  --config=/etc/kubernetes/kubelet.yaml\n' },
      { name: '10-kubeadm.conf', text: '[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n' },
    ],
  );
  assert.deepEqual(values(unit, 'Service', 'ExecStart'), ['/usr/bin/kubelet    --config=/etc/kubernetes/kubelet.yaml']);
  assert.deepEqual(unitNames(unit, 'Unit', 'After'), ['network-online.target', 'containerd.service', 'a.service']);
  assert.equal(value(unit, 'Service', 'Restart'), 'always');
});

test('comments are skipped, also inside a continuation', () => {
  const unit = parseUnit('x.service', '# c\n[Service]\n; c\nExecStart=/bin/echo a \\\n# skipped\n b\n');
  assert.deepEqual(values(unit, 'Service', 'ExecStart'), ['/bin/echo a   b']);
});

test('time spans as systemd.time(7) writes them', () => {
  assert.equal(timeSpanMs('10', 0), 10_000);
  assert.equal(timeSpanMs('2min', 0), 120_000);
  assert.equal(timeSpanMs('1min 30s', 0), 90_000);
  assert.equal(timeSpanMs('500ms', 0), 500);
  assert.equal(timeSpanMs(undefined, 100), 100);
  assert.equal(timeSpanMs('infinity', 0), Number.POSITIVE_INFINITY);
});
