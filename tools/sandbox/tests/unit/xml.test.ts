import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childText, mapMembers, members, setChild } from '../../src/proxy/xml.js';

const xml =
  '<R><Stacks><member><StackId>a</StackId><Outputs><member><OutputKey>K</OutputKey></member></Outputs><StackStatus>CREATE_COMPLETE</StackStatus></member>' +
  '<member><StackId>b&amp;c</StackId></member></Stacks><Other><member>x</member></Other></R>';

describe('xml helpers', () => {
  it('splits a list into its top-level members, nested lists included', () => {
    const ms = members(xml, 'Stacks');
    assert.equal(ms.length, 2);
    assert.equal(childText(ms[0] ?? '', 'StackId'), 'a');
    assert.equal(childText(ms[1] ?? '', 'StackId'), 'b&c');
  });

  it('edits members in place and appends new ones', () => {
    const out = mapMembers(xml, 'Stacks', (m) => (childText(m, 'StackId') === 'a' ? setChild(m, 'StackStatus', 'CREATE_IN_PROGRESS') : null), ['<member><StackId>z</StackId></member>']);
    assert.deepEqual(members(out, 'Stacks').map((m) => childText(m, 'StackId')), ['a', 'z']);
    assert.equal(childText(members(out, 'Stacks')[0] ?? '', 'StackStatus'), 'CREATE_IN_PROGRESS');
    assert.ok(out.endsWith('<Other><member>x</member></Other></R>'));
  });

  it('adds a missing child before the member closes', () => {
    assert.equal(setChild('<member><A>1</A></member>', 'B', 'x<y'), '<member><A>1</A><B>x&lt;y</B></member>');
  });
});
