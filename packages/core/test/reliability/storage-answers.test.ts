// A Storage whose `transaction` breaks its port (resolves no TxResult, or one whose fields throw)
// is a storage failure: STORAGE_UNAVAILABLE, never a rejected promise, even in the middle of a
// sweep that has claims and checks in flight.
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { createApexproof, type Storage } from '../../src/index.js';
import { acme, createWorld, DAY, ORGANIZATIONS, verifyDomain } from '../lifecycle/world.js';

const BROKEN: [string, unknown][] = [
  ['undefined', undefined],
  ['an empty object', {}],
  ['ok as a string', { ok: 'yes', value: 1 }],
  ['an unknown reason', { ok: false, reason: 'maybe', detail: 'x' }],
  [
    'a throwing getter',
    Object.defineProperty({}, 'ok', {
      get() {
        throw new Error('getter');
      },
    }),
  ],
];

/** A storage that answers `answer` from the `from`-th transaction on. */
function breaking(inner: Storage, answer: unknown, from: number): Storage {
  let n = 0;
  return {
    transaction: (async (fn: Parameters<Storage['transaction']>[0]) =>
      n++ >= from ? answer : inner.transaction(fn)) as Storage['transaction'],
  };
}

describe('a storage that answers no TxResult', () => {
  it.each(BROKEN)('%s: a use case answers STORAGE_UNAVAILABLE', async (_, answer) => {
    const app = createApexproof({
      storage: breaking(createMemoryStorage(), answer, 0),
      dns: createMemoryDns(),
      mailer: createMemoryMailer(),
      directory: createMemoryDirectory({ organizations: ORGANIZATIONS }),
      clock: createManualClock(),
      policy: { record: 'kayle' },
    });
    const r = await app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' });
    expect(r._unsafeUnwrapErr().code).toBe('STORAGE_UNAVAILABLE');
  });

  it.each(BROKEN)(
    '%s in the middle of a sweep: the sweep answers STORAGE_UNAVAILABLE',
    async (_, answer) => {
      const w = createWorld();
      for (const d of ['a.co', 'b.co', 'c.co', 'd.co', 'e.co']) await verifyDomain(w, acme, d);
      w.clock.advance(DAY);
      const app = createApexproof({
        storage: breaking(w.storage, answer, 3), // the first claim and two saves work
        dns: w.dns,
        mailer: w.mailer,
        directory: w.directory,
        clock: w.clock,
        policy: { record: 'kayle' },
      });
      const r = await app.reverifyDue({ limit: 5, concurrency: 1 });
      expect(r._unsafeUnwrapErr().code).toBe('STORAGE_UNAVAILABLE');
    },
  );
});
