// Configuration mistakes throw at creation; a bad name never leaves the process.
import { describe, expect, it } from 'vitest';
import { createAuthoritativeResolver, IANA_ROOTS } from '../src/index.js';

describe('createAuthoritativeResolver options', () => {
  it('refuses configuration mistakes with a TypeError', () => {
    const bad = [
      { roots: [] },
      { roots: ['a.root-servers.net'] },
      { port: 0 },
      { port: 70_000 },
      { require: 'most' as unknown as 'all' },
      { timeoutMs: -1 },
      { attempts: 0 },
      { udpPayloadSize: 100 },
      { cacheSize: 1.5 },
    ];
    for (const options of bad)
      expect(() => createAuthoritativeResolver(options)).toThrow(TypeError);
    expect(IANA_ROOTS).toHaveLength(13);
  });

  it('answers an unusable name with a malformed failure, without sending anything', async () => {
    const sent: string[] = [];
    const dns = createAuthoritativeResolver({
      roots: ['127.0.0.1'],
      onQuery: (q) => sent.push(q.name),
    });
    const names = [
      '',
      '.',
      'a..b',
      `${'x'.repeat(64)}.co`,
      `${'a.'.repeat(140)}co`,
      'bü.co',
      'a b.co',
    ];
    names.push('x'.repeat(1_000_000), undefined as unknown as string);
    for (const name of names) {
      const result = await dns.txt(name);
      expect(result).toMatchObject({
        ok: false,
        failures: [{ kind: 'malformed', resolver: 'input' }],
      });
    }
    expect(sent).toEqual([]);
  });
});
