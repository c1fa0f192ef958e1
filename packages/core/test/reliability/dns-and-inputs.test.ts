// A resolver answer that cannot be read is DNS_LOOKUP_FAILED with the verify lock released;
// caller arguments that cannot be read (Proxies, throwing getters) are INVALID_INPUT for every
// use case, never a synchronous throw or a rejected promise.
import { describe, expect, it } from 'vitest';
import { USE_CASES } from '../lifecycle/world.js';
import { alice, createWorld } from './world.js';

describe('a DNS answer whose getters throw', () => {
  it('answers DNS_LOOKUP_FAILED and leaves the challenge verifiable, not verifying', async () => {
    const hostile = {
      ok: true,
      get answer(): never {
        throw new Error('getter exploded');
      },
    };
    const w = createWorld({}, { dns: { txt: async () => hostile as never } });
    const started = (
      await w.app.startChallenge(alice, { domain: 'x.example', method: 'dns-txt' })
    )._unsafeUnwrap();
    const r = await w.app.verifyChallenge(alice, { challengeId: started.id });
    expect(r._unsafeUnwrapErr().code).toBe('DNS_LOOKUP_FAILED');
    const [c] = await w.storage.inspect.challenges();
    expect(c?.status).toBe('pending');
    // The same call again (after the per-challenge verify limit's 5 s) is not
    // CHALLENGE_IN_PROGRESS: the lock was released.
    w.clock.advance(5_000);
    expect(
      (await w.app.verifyChallenge(alice, { challengeId: started.id }))._unsafeUnwrapErr().code,
    ).toBe('DNS_LOOKUP_FAILED');
  });
});

const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const trap = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('get trap');
      },
      ownKeys() {
        throw new Error('ownKeys trap');
      },
    },
  );
const getter = () =>
  Object.defineProperty({}, 'challengeId', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });

describe('arguments that cannot be read', () => {
  const w = createWorld();
  const app = w.app as unknown as Record<string, (...args: unknown[]) => unknown>;
  const CALLS = USE_CASES;
  for (const [what, make] of [
    ['a revoked Proxy', revoked],
    ['a Proxy whose traps throw', trap],
    ['an object whose getter throws', getter],
  ] as const)
    it.each(CALLS)(`%s with ${what} answers INVALID_INPUT`, async (name) => {
      const fn = app[name] as (...args: unknown[]) => PromiseLike<unknown>;
      let answer: unknown;
      expect(() => {
        answer = fn(make(), make());
      }).not.toThrow();
      const result = (await answer) as { isErr(): boolean; error: { code: string } };
      expect(result.isErr()).toBe(true);
      expect(result.error.code).toBe('INVALID_INPUT');
    });
});
