import { lifecycleModelTest } from '@apexproof/testkit';
import { describe } from 'vitest';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '../src/index.js';

const organizations = [
  {
    id: 'org_a',
    name: 'Org A',
    members: [
      { userId: 'a1', role: 'owner', email: 'a1@a.example' },
      { userId: 'a2', role: 'owner', email: 'a2@a.example' },
    ],
  },
  { id: 'org_b', name: 'Org B', members: [{ userId: 'b1', role: 'owner', email: 'b1@b.example' }] },
  {
    id: 'org_c',
    name: 'Org C',
    members: [
      { userId: 'c1', role: 'owner', email: 'c1@c.example' },
      { userId: 'c2', role: 'member', email: 'c2@c.example' },
    ],
  },
];

describe('memory adapters', () => {
  lifecycleModelTest({
    name: 'memory',
    createWorld: () => {
      const storage = createMemoryStorage();
      return {
        storage,
        inspect: storage.inspect,
        dns: createMemoryDns(),
        mailer: createMemoryMailer(),
        directory: createMemoryDirectory({ organizations }),
        clock: createManualClock(),
        organizations: organizations.map((o) => ({
          organizationId: o.id,
          userId: o.members[0]?.userId ?? '',
        })),
        owners: Object.fromEntries(
          organizations.map((o) => [
            o.id,
            o.members.filter((m) => m.role === 'owner').map((m) => m.email),
          ]),
        ),
      };
    },
  });
});
