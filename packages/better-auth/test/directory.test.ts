// The Directory over better-auth's organization plugin, read through a real better-auth
// adapter: names, comma-separated member roles, owners paged past findMany's default limit of
// 100 rows, bypass off unless the app opts in.
import { createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberRoles, type OrganizationAdapter, organizationDirectory } from '../src/index.js';
import { buildAuth } from './support/auth.js';

const OWNERS = 130;
const MEMBERS = 45;

describe('organizationDirectory over a real better-auth adapter', () => {
  let adapter: OrganizationAdapter & {
    create<T>(data: {
      model: string;
      data: Record<string, unknown>;
      forceAllowId?: boolean;
    }): Promise<T>;
  };
  const orgId = 'org_big';

  beforeAll(async () => {
    const auth = buildAuth({ storage: createMemoryStorage(), dns: createMemoryDns() });
    adapter = (await auth.$context).adapter;
    const now = new Date();
    await adapter.create({
      model: 'organization',
      data: { id: orgId, name: 'Big Co', slug: 'big-co', createdAt: now },
      forceAllowId: true,
    });
    for (let i = 0; i < OWNERS + MEMBERS; i++) {
      const userId = `user_${String(i).padStart(3, '0')}`;
      await adapter.create({
        model: 'user',
        data: {
          id: userId,
          name: `User ${i}`,
          email: `${userId}@big.example`,
          emailVerified: true,
          createdAt: now,
          updatedAt: now,
        },
        forceAllowId: true,
      });
      // Owners hold `owner` among other roles, in every spelling the plugin may store.
      const role = i < OWNERS ? ['owner', 'admin,owner', 'member, owner'][i % 3] : 'member,admin';
      await adapter.create({
        model: 'member',
        data: { organizationId: orgId, userId, role, createdAt: now },
      });
    }
  });

  it('answers every owner e-mail, paging past the default findMany limit of 100', async () => {
    const directory = organizationDirectory(adapter, { manageRoles: ['owner'] });
    const emails = await directory.ownerEmails(orgId);
    expect(emails).toHaveLength(OWNERS);
    expect(new Set(emails).size).toBe(OWNERS);
    expect(emails).toContain('user_129@big.example');
    expect(emails).not.toContain('user_130@big.example');
  });

  it('answers the managing role among a comma-separated list, else the first', async () => {
    const directory = organizationDirectory(adapter, { manageRoles: ['owner'] });
    expect(await directory.role(orgId, 'user_001')).toBe('owner'); // "admin,owner"
    expect(await directory.role(orgId, 'user_002')).toBe('owner'); // "member, owner"
    expect(await directory.role(orgId, 'user_140')).toBe('member'); // "member,admin"
    expect(await directory.role(orgId, 'nobody')).toBeNull();
    const admins = organizationDirectory(adapter, { manageRoles: ['admin'] });
    expect(await admins.role(orgId, 'user_140')).toBe('admin');
  });

  it('reads the organization name; unknown ids answer null and []', async () => {
    const directory = organizationDirectory(adapter, { manageRoles: ['owner'] });
    expect(await directory.organization(orgId)).toEqual({
      id: orgId,
      name: 'Big Co',
      scheduledForDeletion: false,
    });
    expect(await directory.organization('org_missing')).toBeNull();
    expect(await directory.ownerEmails('org_missing')).toEqual([]);
  });

  it('keeps bypass off unless the app opts in', async () => {
    const actor = { organizationId: orgId, userId: 'user_000' };
    expect(await organizationDirectory(adapter, { manageRoles: ['owner'] }).canBypass(actor)).toBe(
      false,
    );
    const staff = organizationDirectory(adapter, {
      manageRoles: ['owner'],
      canBypass: (a) => a.userId === 'user_000',
    });
    expect(await staff.canBypass(actor)).toBe(true);
    expect(await staff.canBypass({ ...actor, userId: 'user_001' })).toBe(false);
  });
});

describe('memberRoles', () => {
  it('splits on commas, trims, drops empty parts and non-strings', () => {
    expect(memberRoles('owner')).toEqual(['owner']);
    expect(memberRoles(' admin , owner,,')).toEqual(['admin', 'owner']);
    expect(memberRoles('')).toEqual([]);
    expect(memberRoles(null)).toEqual([]);
    expect(memberRoles(['owner'])).toEqual([]);
  });
});
