import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMailFailure } from '../src/failure.js';

describe('toMailFailure', () => {
  it('any 4xx reply is transient and any 5xx permanent, carrying the code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.string(), (code, text) => {
        const failure = toMailFailure(
          Object.assign(new Error(`Message failed: ${code} ${text}`), {
            code: 'EENVELOPE',
            responseCode: code,
            response: `${code} ${text}`,
            command: 'RCPT TO',
          }),
        );
        expect(failure).toMatchObject({ ok: false, transient: code < 500, code });
        expect(failure.detail).toContain(String(code));
        expect(failure.detail).toContain('RCPT TO');
      }),
    );
  });

  it.each([
    ['ECONNECTION', undefined, true],
    ['ESOCKET', 'ECONNREFUSED', true],
    ['ESOCKET', 'ECONNRESET', true],
    ['ETIMEDOUT', undefined, true],
    ['EDNS', 'ENOTFOUND', true],
    ['EDNS', 'EAI_AGAIN', true],
    ['ETLS', undefined, true],
    ['EPROXY', undefined, true],
    ['ECONFIG', undefined, false],
    ['ENOAUTH', undefined, false],
    ['EAUTH', undefined, false],
    ['EENVELOPE', undefined, false],
  ])('%s (%s) without a reply → transient: %s', (code, originalCode, transient) => {
    const failure = toMailFailure(Object.assign(new Error('boom'), { code, originalCode }));
    expect(failure).toEqual({
      ok: false,
      transient,
      detail: `boom [${[code, originalCode].filter(Boolean).join('/')}]`,
    });
  });

  it('a plain Node socket error is transient', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toMailFailure(error)).toMatchObject({ ok: false, transient: true });
  });

  it('an unexpected 2xx/3xx reply is transient and keeps its code', () => {
    expect(toMailFailure({ message: 'odd', responseCode: 354 })).toMatchObject({
      transient: true,
      code: 354,
    });
  });

  it('ignores reply codes that are not SMTP codes', () => {
    for (const responseCode of [0, 99, 600, 450.5, '550', Number.NaN]) {
      expect(toMailFailure({ message: 'x', responseCode })).not.toHaveProperty('code');
    }
  });

  it('never throws and always describes the failure, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const failure = toMailFailure(value);
        expect(failure.ok).toBe(false);
        expect(typeof failure.transient).toBe('boolean');
        expect(typeof failure.detail).toBe('string');
        expect(failure.detail.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('toMailFailure on hostile values', () => {
  it('copes with values String() cannot convert', () => {
    for (const value of [Object.create(null), { toString: 0 }, { message: 42, toString: 0 }]) {
      expect(toMailFailure(value)).toEqual({ ok: false, transient: true, detail: 'unknown error' });
    }
  });
});
