// compileRedirectPolicy given hosts and paths directly (not read back from storage): every
// name is brought to the core's canonical host spelling, and what cannot be honoured is
// dropped, failing closed, and listed in `policy.ignored`.
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy } from '../../src/index.js';
import { NOT_REGISTERED, NOT_VERIFIED, outcome } from './helpers.js';

describe('compileRedirectPolicy: host spelling', () => {
  it('matches a Unicode apex in its A-label form, however the URL spells it', () => {
    const policy = compileRedirectPolicy({
      domains: [{ id: 'muc', apex: 'm\u00fcnchen.de' }],
      patterns: [],
    });
    expect(outcome(policy, 'https://xn--mnchen-3ya.de/')).toEqual({ ok: 'muc/*' });
    expect(outcome(policy, 'https://M\u00dcNCHEN.de/x')).toEqual({ ok: 'muc/*' });
    expect(outcome(policy, 'https://app.xn--mnchen-3ya.de/x')).toEqual({ ok: 'muc/*' });
    expect(policy.ignored).toEqual([]);
  });

  it('matches patterns whose host is Unicode, uppercase or has a trailing dot', () => {
    const policy = compileRedirectPolicy({
      domains: [
        { id: 'muc', apex: 'xn--mnchen-3ya.de' },
        { id: 'acme', apex: 'Acme.CO.' },
      ],
      patterns: [
        { id: 'u', domainId: 'muc', host: 'App.M\u00dcnchen.de.', pathPrefix: '/cb' },
        { id: 'a', domainId: 'acme', host: 'APP.acme.co.', pathPrefix: '/oauth' },
        { id: 'w', domainId: 'acme', host: 'www\u3002acme.co', pathPrefix: '/' },
      ],
    });
    expect(outcome(policy, 'https://app.xn--mnchen-3ya.de/cb/x')).toEqual({ ok: 'muc/u' });
    expect(outcome(policy, 'https://app.m\u00fcnchen.de/cb')).toEqual({ ok: 'muc/u' });
    expect(outcome(policy, 'https://app.xn--mnchen-3ya.de/other')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://app.acme.co/oauth')).toEqual({ ok: 'acme/a' });
    expect(outcome(policy, 'https://www.acme.co/anything')).toEqual({ ok: 'acme/w' });
    expect(policy.ignored).toEqual([]);
  });

  it('keeps a Unicode hostname-mode subject exact', () => {
    const policy = compileRedirectPolicy({
      domains: [{ id: 'shop', apex: 'Shop.M\u00fcnchen.de', exact: true }],
      patterns: [],
    });
    expect(outcome(policy, 'https://shop.xn--mnchen-3ya.de/')).toEqual({ ok: 'shop/*' });
    expect(outcome(policy, 'https://a.shop.xn--mnchen-3ya.de/')).toEqual(NOT_VERIFIED);
  });
});

describe('compileRedirectPolicy: entries that cannot be honoured', () => {
  const policy = compileRedirectPolicy({
    domains: [
      { id: 'ip', apex: '127.0.0.1' },
      { id: 'url', apex: 'https://evil.com/' },
      { id: 'port', apex: 'evil.com:443' },
      { id: 'empty', apex: '' },
      { id: 'acme', apex: 'acme.co' },
      { id: 'acme', apex: 'other.co' },
      { id: 'dup', apex: 'ACME.co.' },
    ],
    patterns: [
      { id: 'ok', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' },
      { id: 'bad-host', domainId: 'acme', host: 'app.acme.co/evil', pathPrefix: '/' },
      { id: 'outside', domainId: 'acme', host: 'evil.com', pathPrefix: '/' },
      { id: 'double', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth/%252e%252e' },
      { id: 'percent', domainId: 'acme', host: 'acme.co', pathPrefix: '/50%25' },
      { id: 'nul', domainId: 'acme', host: 'acme.co', pathPrefix: '/%00' },
      { id: 'ghost', domainId: 'nope', host: 'acme.co', pathPrefix: '/' },
    ],
  });

  it('drops them, failing closed', () => {
    expect(outcome(policy, 'https://127.0.0.1/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://evil.com/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://other.co/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://acme.co/oauth/x')).toEqual({ ok: 'acme/ok' });
    // Dropped patterns still count: the domain no longer accepts any path.
    expect(outcome(policy, 'https://acme.co/50')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://app.acme.co/')).toEqual(NOT_REGISTERED);
  });

  it('lists each of them with the reason it was dropped', () => {
    expect(policy.ignored).toEqual([
      { kind: 'domain', id: 'ip', reason: 'invalid_host' },
      { kind: 'domain', id: 'url', reason: 'invalid_host' },
      { kind: 'domain', id: 'port', reason: 'invalid_host' },
      { kind: 'domain', id: 'empty', reason: 'invalid_host' },
      { kind: 'domain', id: 'acme', reason: 'duplicate' },
      { kind: 'domain', id: 'dup', reason: 'duplicate' },
      { kind: 'pattern', id: 'bad-host', reason: 'invalid_host' },
      { kind: 'pattern', id: 'outside', reason: 'host_outside_domain' },
      { kind: 'pattern', id: 'double', reason: 'invalid_path' },
      { kind: 'pattern', id: 'percent', reason: 'invalid_path' },
      { kind: 'pattern', id: 'nul', reason: 'invalid_path' },
      { kind: 'pattern', id: 'ghost', reason: 'unknown_domain' },
    ]);
    expect(Object.isFrozen(policy.ignored)).toBe(true);
  });

  it('never matches a directly given prefix that parseRedirectPattern would refuse', () => {
    for (const url of [
      'https://acme.co/oauth/%252e%252e',
      'https://acme.co/50%25',
      'https://acme.co/%00',
    ]) {
      expect(policy.authorize(url).isErr(), url).toBe(true);
    }
  });
});
