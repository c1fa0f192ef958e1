// The core test world with many self-serve organizations, for the email-otp limits that hold
// across them: `org_0` … `org_{n-1}`, each with one owner.
import type { Actor, ApexproofPolicy } from '../../src/index.js';
import { createWorld } from './world.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function createOrgsWorld(n: number, policy: ApexproofPolicy = {}) {
  const actors: Actor[] = Array.from({ length: n }, (_, i) => ({
    organizationId: `org_${i}`,
    userId: `u_${i}`,
  }));
  const world = createWorld(
    policy,
    actors.map((a, i) => ({
      id: a.organizationId,
      name: `Org ${i}`,
      members: [{ userId: a.userId, role: 'owner', email: `owner${i}@org${i}.example` }],
    })),
  );
  const { app, storage, mailer, clock } = world;

  /** The owner of `org_{i}`. */
  const actor = (i: number): Actor => {
    const a = actors[i];
    if (!a) throw new Error(`no organization ${i}`);
    return a;
  };

  /** Starts a code for `email` at acme.co as `actor`; answers the result and the mailed code. */
  async function start(actor: Actor, email = 'admin@acme.co', domain = 'acme.co') {
    const result = await app.startChallenge(actor, { domain, method: 'email-otp', email });
    if (result.isErr()) return { result, code: '' };
    await app.deliverNotifications();
    const code = /\b(\d{6})\b/.exec(mailer.sent.at(-1)?.text ?? '')?.[1] ?? '';
    return { result, code };
  }
  const confirm = (actor: Actor, challengeId: string, code: string) =>
    app.confirmChallenge(actor, { challengeId, code });
  /** A six-digit code that is not `code`. */
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  return { app, storage, mailer, clock, actors, actor, start, confirm, wrong };
}
