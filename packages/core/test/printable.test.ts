import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable } from '../src/model/printable.js';

describe('printable', () => {
  it('escapes NUL, control characters and backslashes like DNS presentation format', () => {
    expect(printable('a\u0000b\tc\\d\u007f')).toBe('a\\000b\\009c\\\\d\\127');
    expect(printable('kayle-id-verification=abc')).toBe('kayle-id-verification=abc');
  });

  it('never leaves a control character and is injective', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about them
        expect(/[\u0000-\u001f\u007f]/.test(printable(a))).toBe(false);
        if (a !== b) expect(printable(a)).not.toBe(printable(b));
      }),
    );
  });
});
