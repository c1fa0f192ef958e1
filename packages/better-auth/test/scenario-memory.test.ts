// The whole scenario on apexproof's memory storage, better-auth on its memory adapter.
import type { OutgoingMail } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDns,
  createMemoryEventSink,
  createMemoryStorage,
} from '@apexproof/memory';
import { describe } from 'vitest';
import { buildAuth } from './support/auth.js';
import { betterAuthScenario, type ScenarioWorld } from './support/scenario.js';

describe('better-auth + apexproof on memory storage', () => {
  betterAuthScenario(async () => {
    const dns = createMemoryDns();
    const events = createMemoryEventSink();
    const mail: OutgoingMail[] = [];
    const staff: { userId: string | null } = { userId: null };
    const clock = createManualClock(new Date());
    const auth = buildAuth({
      storage: createMemoryStorage(),
      dns,
      events,
      sendEmail: async (m) => {
        mail.push(m);
      },
      plugin: { canBypass: (actor) => actor.userId === staff.userId, clock },
    });
    return { auth, dns, events, mail, staff, clock } satisfies ScenarioWorld;
  });
});
