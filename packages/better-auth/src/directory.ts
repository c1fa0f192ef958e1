// apexproof's Directory port over better-auth's organization plugin, read through the
// database adapter better-auth hands plugins in `init` (so it answers from a cron job too, with
// no request and no session). Translation only:
// - an organization is the plugin's `organization` row (its `name`); better-auth has no
//   scheduled deletion, so `scheduledForDeletion` is always false;
// - `member.role` may hold several roles, comma-separated ("admin,owner"); the port asks for one
//   role, so the member is answered with the role among theirs that the policy lets manage
//   domains, else their first;
// - owners are the members holding one of those managing roles; their e-mails are read page by
//   page, never trusting the adapter's default `findMany` limit (100 rows);
// - bypass is off unless the app passes `canBypass`.
import type { Actor, Directory, Organization } from '@apexproof/core';
import type { Where } from 'better-auth';

/** The part of better-auth's database adapter the Directory reads with. */
export interface OrganizationAdapter {
  /** One row of `model` matching every condition of `where`, or null. */
  findOne<T>(data: { model: string; where: Where[] }): Promise<T | null>;
  /** Rows of `model`; without `limit`, better-auth returns at most 100 (its default). */
  findMany<T>(data: {
    model: string;
    where?: Where[];
    limit?: number;
    offset?: number;
    sortBy?: { field: string; direction: 'asc' | 'desc' };
  }): Promise<T[]>;
}

/** How the Directory reads better-auth's organizations. */
export interface OrganizationDirectoryOptions {
  /** Roles that manage domains (the policy's `manageRoles`); their holders are the owners. */
  readonly manageRoles: readonly string[];
  /** Whether the actor may record a domain without proof (support staff). Default: nobody. */
  readonly canBypass?: (actor: Actor) => boolean | Promise<boolean>;
  /** Rows per `findMany` page [100]. */
  readonly pageSize?: number;
}

interface OrganizationRow {
  id: string;
  name: string;
}
interface MemberRow {
  id: string;
  userId: string;
  role: string;
}
interface UserRow {
  id: string;
  email: string;
}

/** The member's roles: `member.role` split on commas, trimmed, empty parts dropped. */
export function memberRoles(role: unknown): string[] {
  if (typeof role !== 'string') return [];
  return role
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

/** A Directory reading better-auth's `organization`, `member` and `user` models. */
export function organizationDirectory(
  adapter: OrganizationAdapter,
  options: OrganizationDirectoryOptions,
): Directory {
  const pageSize = options.pageSize ?? 100;
  const manages = (role: string) => options.manageRoles.includes(role);

  /** Every row of `model` matching `where`, page by page in id order. */
  async function all<T>(model: string, where: Where[]): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const page = await adapter.findMany<T>({
        model,
        where,
        limit: pageSize,
        offset,
        sortBy: { field: 'id', direction: 'asc' },
      });
      rows.push(...page);
      if (page.length < pageSize) return rows;
    }
  }

  return {
    async organization(organizationId): Promise<Organization | null> {
      const row = await adapter.findOne<OrganizationRow>({
        model: 'organization',
        where: [{ field: 'id', value: organizationId }],
      });
      if (!row) return null;
      return { id: row.id, name: String(row.name ?? ''), scheduledForDeletion: false };
    },
    async role(organizationId, userId) {
      const member = await adapter.findOne<MemberRow>({
        model: 'member',
        where: [
          { field: 'organizationId', value: organizationId },
          { field: 'userId', value: userId },
        ],
      });
      if (!member) return null;
      const roles = memberRoles(member.role);
      return roles.find(manages) ?? roles[0] ?? '';
    },
    async ownerEmails(organizationId) {
      const members = await all<MemberRow>('member', [
        { field: 'organizationId', value: organizationId },
      ]);
      const ownerIds = [
        ...new Set(members.filter((m) => memberRoles(m.role).some(manages)).map((m) => m.userId)),
      ];
      const emails: string[] = [];
      for (let i = 0; i < ownerIds.length; i += pageSize) {
        const ids = ownerIds.slice(i, i + pageSize);
        const users = await all<UserRow>('user', [{ field: 'id', operator: 'in', value: ids }]);
        emails.push(...users.map((u) => u.email).filter((e) => typeof e === 'string'));
      }
      return emails;
    },
    async canBypass(actor) {
      return options.canBypass ? (await options.canBypass(actor)) === true : false;
    },
  };
}
