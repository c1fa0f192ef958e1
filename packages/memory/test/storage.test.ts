import { storageContract } from '@apexproof/testkit';
import { createMemoryStorage } from '../src/storage.js';

const storage = createMemoryStorage();

storageContract({
  name: 'memory',
  create: () => storage,
  reset: () => storage.reset(),
  inspect: storage.inspect,
  // Transactions run one at a time: the truly concurrent cases are for SQL adapters.
  concurrency: { parallel: false },
});

import { StorageConflictError } from '@apexproof/core';
import { expect, it } from 'vitest';

it('a conflict caught inside the transaction still rolls it back, as in SQL', async () => {
  const s = createMemoryStorage();
  const row = {
    id: 'a1',
    organizationId: 'o',
    actorUserId: null,
    type: 'domain.removed' as const,
    subject: null,
    domainId: null,
    challengeId: null,
    details: {},
    at: new Date(0),
  };
  await s.transaction(async (tx) => tx.audit.append(row));
  const result = await s.transaction(async (tx) => {
    await tx.audit.append({ ...row, id: 'a2' });
    await tx.audit.append(row).catch((e) => expect(e).toBeInstanceOf(StorageConflictError));
    return 'swallowed';
  });
  expect(result).toMatchObject({ ok: false, reason: 'conflict' });
  expect((await s.inspect.audit()).map((a) => a.id)).toEqual(['a1']);
});
