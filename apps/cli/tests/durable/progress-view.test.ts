// Spinner or plain lines: plain anywhere but a terminal with a width.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { isSpinnerTerminal, plainView } from '../../src/durable/progress-view.js';

const stream = (props: { isTTY?: boolean; columns?: number }): Writable & { isTTY?: boolean; columns?: number } =>
  Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), props);

describe('progress view', () => {
  it('spins only on a terminal that reports its width', () => {
    assert.equal(isSpinnerTerminal(stream({ isTTY: true, columns: 120 })), true);
    assert.equal(isSpinnerTerminal(stream({ isTTY: true, columns: 0 })), false, 'a 0-column pty would make ora divide by zero');
    assert.equal(isSpinnerTerminal(stream({ isTTY: true })), false);
    assert.equal(isSpinnerTerminal(stream({})), false);
  });

  it('plain output is the lines, nothing else', () => {
    let text = '';
    const view = plainView(new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) }));
    view.line('+00:01  [validate] running');
    view.status('validate  00:01');
    view.stop();
    assert.equal(text, '+00:01  [validate] running\n');
  });
});
