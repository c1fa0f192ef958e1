// Storage contract, email-otp usage: `challenges.listEmailOtpSince`, the cross-organization view
// the core's e-mail rate limits count. Superseded, expired and validated codes must still count.
import type { ChallengeRecord } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, challenge, commit } from './fixtures.js';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

/** An email-otp challenge whose code was issued `minutes` after the suite's epoch. */
const code = (minutes: number, overrides: Partial<ChallengeRecord> = {}): ChallengeRecord =>
  challenge({
    method: 'email-otp',
    token: null,
    recordName: null,
    recordValue: null,
    email: 'admin@example.com',
    codeHash: 'hmac-sha256:00ff',
    codeIssuedAt: at(minutes),
    createdAt: at(minutes),
    expiresAt: at(minutes + 10),
    ...overrides,
  });

export function emailOtpCases(ctx: ContractContext): void {
  describe('email-otp usage across organizations', () => {
    it('lists email-otp codes for a subject or an address since a time, any organization and status, oldest first', async () => {
      const superseded = code(0, { status: 'superseded', attempts: 5, lastAttemptAt: at(3) });
      const otherOrg = code(2, { organizationId: 'org-b', status: 'expired', attempts: 2 });
      const sameTime = code(2, { organizationId: 'org-c', email: 'postmaster@example.com' });
      const validated = code(1, { organizationId: 'org-d', status: 'validated' });
      const atSince = code(-5, { status: 'cancelled' });
      // Another subject, the same address in other ASCII case (hostname subjects).
      const byAddress = code(4, { subject: 'mail.example.com', email: 'ADMIN@Example.COM' });
      const before = code(-5.001);
      const dns = challenge({ createdAt: at(1) });
      const otpWithoutCode = code(1, { codeIssuedAt: null });
      const unrelated = code(1, { subject: 'example.org', email: 'admin@example.org' });
      const otherAddress = code(1, { subject: 'example.org', email: 'admin@mail.example.com' });
      await commit(ctx.storage(), async (tx) => {
        for (const c of [
          superseded,
          otherOrg,
          sameTime,
          validated,
          atSince,
          byAddress,
          before,
          dns,
          otpWithoutCode,
          unrelated,
          otherAddress,
        ])
          await tx.challenges.insert(c);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        both: await tx.challenges.listEmailOtpSince({
          subject: 'example.com',
          email: 'admin@example.com',
          since: at(-5),
        }),
        subjectOnly: await tx.challenges.listEmailOtpSince({
          subject: 'example.com',
          since: at(-5),
        }),
        addressOnly: await tx.challenges.listEmailOtpSince({
          subject: 'nothing.example',
          email: 'Admin@EXAMPLE.com',
          since: at(0),
        }),
        later: await tx.challenges.listEmailOtpSince({
          subject: 'example.com',
          since: at(5),
        }),
      }));
      expect(ids(read.both)).toEqual([
        atSince.id,
        superseded.id,
        validated.id,
        otherOrg.id,
        sameTime.id,
        byAddress.id,
      ]);
      expect(read.both[1]).toStrictEqual(superseded);
      expect(ids(read.subjectOnly)).toEqual([
        atSince.id,
        superseded.id,
        validated.id,
        otherOrg.id,
        sameTime.id,
      ]);
      expect(ids(read.addressOnly)).toEqual([
        superseded.id,
        validated.id,
        otherOrg.id,
        byAddress.id,
      ]);
      expect(read.later).toEqual([]);
    });

    it('folds only ASCII letters when comparing addresses', async () => {
      const ascii = code(0, { subject: 'a.example', email: 'Admin@B.Example' });
      const accented = code(0, { subject: 'a.example', email: 'Ädmin@b.example' });
      await commit(ctx.storage(), async (tx) => {
        await tx.challenges.insert(ascii);
        await tx.challenges.insert(accented);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        ascii: await tx.challenges.listEmailOtpSince({
          subject: 'z.example',
          email: 'admin@b.example',
          since: at(-1),
        }),
        accented: await tx.challenges.listEmailOtpSince({
          subject: 'z.example',
          email: 'ädmin@b.example',
          since: at(-1),
        }),
      }));
      expect(ids(read.ascii)).toEqual([ascii.id]);
      expect(read.accented).toEqual([]);
    });

    it('sees the transaction’s own writes, and a superseding update keeps the code counted', async () => {
      const first = code(0);
      const counted = await commit(ctx.storage(), async (tx) => {
        await tx.challenges.insert(first);
        await tx.challenges.update({ ...first, status: 'superseded', version: 2 }, 1);
        await tx.challenges.insert(code(1, { organizationId: 'org-b' }));
        return tx.challenges.listEmailOtpSince({ subject: 'example.com', since: at(-1) });
      });
      expect(counted.map((c) => c.status)).toEqual(['superseded', 'pending']);
    });
  });
}
