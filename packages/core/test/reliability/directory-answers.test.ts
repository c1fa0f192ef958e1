// A Directory that breaks its rules is DIRECTORY_UNAVAILABLE, never STORAGE_UNAVAILABLE, never
// a throw; text it answers that no storage could hold is made storable, so it never blocks a
// takeover, a downgrade or a notice.
import { describe, expect, it } from 'vitest';
import { alice, bob, createWorld, verified } from './world.js';

describe('owner e-mails that break the Directory rules', () => {
  it.each([
    ['null', null],
    ['[null]', [null]],
    ['[42]', [42]],
    ['a string', 'a@b.example'],
  ])('%s: a takeover answers DIRECTORY_UNAVAILABLE and changes nothing', async (_, answer) => {
    const w = createWorld({}, {});
    (await verified(w, alice, 'shared.example'))._unsafeUnwrap();
    w.faults.directory = { ownerEmails: async () => answer };
    const taken = await verified(w, bob, 'shared.example', true);
    expect(taken._unsafeUnwrapErr().code).toBe('DIRECTORY_UNAVAILABLE');
    const domains = await w.storage.inspect.domains();
    expect(domains.filter((d) => d.status === 'active').map((d) => d.organizationId)).toEqual([
      'org_a',
    ]);
    // Once the directory answers properly again, the takeover goes through.
    w.faults.directory = {};
    expect((await verified(w, bob, 'shared.example', true)).isOk()).toBe(true);
  });

  it('an organization answer that is not an organization is DIRECTORY_UNAVAILABLE', async () => {
    for (const answer of [42, { name: 7, scheduledForDeletion: false }, { name: 'A' }]) {
      const w = createWorld({}, { directory: { organization: async () => answer } });
      const r = await w.app.listDomains(alice);
      expect(r._unsafeUnwrapErr().code).toBe('DIRECTORY_UNAVAILABLE');
    }
  });

  it('a role or canBypass answer of the wrong type is DIRECTORY_UNAVAILABLE', async () => {
    const roles = createWorld({}, { directory: { role: async () => 7 } });
    expect((await roles.app.listDomains(alice))._unsafeUnwrapErr().code).toBe(
      'DIRECTORY_UNAVAILABLE',
    );
    const bypass = createWorld({}, { directory: { canBypass: async () => 'yes' } });
    const r = await bypass.app.bypassVerification(
      { organizationId: 'org_a', userId: 'staff' },
      { organizationId: 'org_a', domain: 'x.example', reason: 'migration' },
    );
    expect(r._unsafeUnwrapErr().code).toBe('DIRECTORY_UNAVAILABLE');
  });

  it('getters that throw in an answer are DIRECTORY_UNAVAILABLE, never a rejection', async () => {
    const hostile = {
      get name(): string {
        throw new Error('boom');
      },
      scheduledForDeletion: false,
    };
    const w = createWorld({}, { directory: { organization: async () => hostile } });
    const r = await w.app.listDomains(alice);
    expect(r._unsafeUnwrapErr().code).toBe('DIRECTORY_UNAVAILABLE');
  });
});

describe('Directory text no storage can hold', () => {
  it('an organization name with U+0000 or a lone surrogate is stored as U+FFFD', async () => {
    const w = createWorld();
    (await verified(w, alice, 'shared.example'))._unsafeUnwrap();
    w.faults.directory = {
      // Only org_a misbehaves; for others the hook falls through to the memory directory.
      organization: (id: string) =>
        id === 'org_a'
          ? Promise.resolve({ id, name: 'Org\u0000A\uD800', scheduledForDeletion: false })
          : undefined,
      ownerEmails: (id: string) =>
        id === 'org_a' ? Promise.resolve(['ow\u0000ner@a.example']) : undefined,
    };
    const taken = (await verified(w, bob, 'shared.example', true))._unsafeUnwrap();
    expect(taken.takeoverFrom).toEqual({
      organizationId: 'org_a',
      organizationName: 'Org\uFFFDA\uFFFD',
    });
    const notices = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover');
    expect(notices.map((m) => m.to)).toEqual(['ow\uFFFDner@a.example']);
    const stored = JSON.stringify(await w.storage.inspect.outbox());
    expect(stored).not.toMatch(/\\u0000|\\ud800/i);
  });
});
