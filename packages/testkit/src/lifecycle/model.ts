// Model-based test of the whole lifecycle: fast-check drives random sequences of start, publish,
// verify (with and without acknowledgement), remove, re-verify, clock advance, DNS changes and
// mail outages across several organizations and checks the invariants after every step
// (commands: lifecycle-commands.ts; invariants: lifecycle-invariants.ts). A second test races
// 50 organizations for one apex (lifecycle-race.ts).
import { createApexproof } from '@apexproof/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { commands, NAMESERVERS } from './commands.js';
import { raceForOneApex } from './race.js';
import type { LifecycleModelOptions, Model, Stats, Sut } from './world.js';

export type { LifecycleModelOptions, ModelWorld } from './world.js';
export { MODEL_ORGANIZATIONS, modelActors } from './world.js';

/** Registers the model-based lifecycle property and the 50-organization race as vitest tests. */
export function lifecycleModelTest(options: LifecycleModelOptions): void {
  const name = options.name ?? 'lifecycle';
  const timeout = options.timeout ?? 60_000;
  // The model's own choices, unless the caller overrides them.
  const policy = { nameservers: { expected: NAMESERVERS }, ...options.policy };

  it(
    `${name}: random command sequences keep every invariant`,
    async () => {
      const probe = await options.createWorld();
      const orgCount = probe.organizations.length;
      await options.dispose?.(probe);
      const stats: Stats = {
        verified: 0,
        takeovers: 0,
        downgrades: 0,
        restores: 0,
        pendingVerified: 0,
        awaitingAcknowledgement: 0,
      };
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands(orgCount), { maxCommands: 40, size: 'max' }),
          async (cmds) => {
            const world = await options.createWorld();
            try {
              // Every lookup the app asks for is counted: a rate-limited call must make none. A
              // sink that accepts everything: events are recorded, and the invariants count them.
              const { dns, lookups } = countingResolver(world.dns);
              const events = { deliver: async () => ({ ok: true as const }) };
              const app = createApexproof({ ...world, dns, policy, events });
              const sut: Sut = {
                world,
                app,
                lookups,
                published: new Map(),
                challenges: new Map(),
                validated: new Set(),
                outboxSeen: 0,
                stats,
              };
              const model: Model = { holder: new Map(), notices: new Map(), verifications: 0 };
              await fc.asyncModelRun(() => ({ model, real: sut }), cmds);
              // After the outage ends, everything still pending is delivered: nothing was lost.
              world.mailer.heal();
              for (let i = 0; i < 20; i++) {
                world.clock.advance(2 * 3_600_000);
                await app.deliverNotifications({ limit: 500 });
              }
              const outbox = await world.inspect.outbox();
              expect(outbox.filter((m) => m.status !== 'sent')).toEqual([]);
              expect(world.mailer.sent.length).toBe(outbox.length);
            } finally {
              await options.dispose?.(world);
            }
          },
        ),
        { numRuns: options.numRuns ?? 100 },
      );
      // The generated sequences must actually reach the interesting states, or the property is empty.
      expect(stats.verified).toBeGreaterThan(0);
      expect(stats.takeovers).toBeGreaterThan(0);
      expect(stats.downgrades).toBeGreaterThan(0);
      expect(stats.restores).toBeGreaterThan(0);
      expect(stats.pendingVerified).toBeGreaterThan(0);
      expect(stats.awaitingAcknowledgement).toBeGreaterThan(0);
    },
    timeout,
  );

  it(
    `${name}: 50 organizations verifying one apex at once leave exactly one holder`,
    async () => {
      const world = await options.createWorld();
      try {
        await raceForOneApex(world, policy);
      } finally {
        await options.dispose?.(world);
      }
    },
    timeout,
  );
}

/** The resolver, with a count of every lookup asked of it (any method). */
export function countingResolver<R extends object>(
  resolver: R,
): {
  /** The resolver, counting each lookup it is asked for. */
  dns: R;
  /** How many lookups were asked for so far. */
  lookups: () => number;
} {
  let lookups = 0;
  const dns = new Proxy(resolver, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        lookups++;
        return value.apply(target, args);
      };
    },
  });
  return { dns, lookups: () => lookups };
}
