import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toWireAddress } from '../src/address.js';

describe('toWireAddress', () => {
  it.each([
    ['owner@example.com', 'owner@example.com'],
    ['owner@EXAMPLE.com', 'owner@example.com'],
    ['Owner.Name+tag@example.com', 'Owner.Name+tag@example.com'],
    ['owner@bücher.example', 'owner@xn--bcher-kva.example'],
    ['owner@BÜCHER.example', 'owner@xn--bcher-kva.example'],
    ['owner@xn--bcher-kva.example', 'owner@xn--bcher-kva.example'],
    ['jöran@bücher.example', 'jöran@xn--bcher-kva.example'],
    ['用户@例子.测试', '用户@xn--fsqu00a.xn--0zwm56d'],
    ['owner@münchen.de', 'owner@xn--mnchen-3ya.de'],
  ])('%s → %s', (input, wire) => {
    expect(toWireAddress(input)).toBe(wire);
  });

  it.each([
    '',
    'owner',
    '@example.com',
    'owner@',
    'owner@@example.com',
    'own er@example.com',
    'owner@exa mple.com',
    'owner@example.com\r\nRCPT TO:<x@y.test>',
    'a@b.test, c@d.test',
    'Name <owner@example.com>',
    '"quoted"@example.com',
    '.owner@example.com',
    'own..er@example.com',
    'owner.@example.com',
    'owner@example..com',
    'owner@[127.0.0.1]',
    'owner\u200b@example.com',
    `${'a'.repeat(65)}@example.com`,
    `owner@${'a'.repeat(64)}.com`,
  ])('refuses %j', (input) => {
    expect(toWireAddress(input)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['a@b.test']]) {
      expect(toWireAddress(value)).toBeUndefined();
    }
  });

  it('never throws; what it returns is one ASCII-domain address, and stable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (input) => {
        const wire = toWireAddress(input);
        if (wire === undefined) return;
        const at = wire.lastIndexOf('@');
        expect(wire.indexOf('@')).toBe(at);
        expect(wire.slice(at + 1)).toMatch(/^[\x21-\x7e]+$/);
        expect(wire).not.toMatch(/[\s<>,;]/);
        expect(toWireAddress(wire)).toBe(wire);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps any valid dot-atom local part and converts any IDN domain', () => {
    const atom = fc.stringMatching(/^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}$/);
    const label = fc.stringMatching(/^[a-zäöüßéñ]{1,12}$/);
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 3 }), label, (atoms, name) => {
        const local = atoms.join('.');
        const wire = toWireAddress(`${local}@${name}.example`);
        expect(wire).toBe(`${local}@${new URL(`http://${name}.example`).hostname}`);
      }),
    );
  });
});
