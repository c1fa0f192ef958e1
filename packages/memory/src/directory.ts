import type { Actor, Directory, Organization } from '@apexproof/core';

/**
 * A member of a `MemoryOrganization`: the user id actors carry, the role the `Directory` reports
 * (`owner` manages domains by default), and the address owners are notified at.
 */
export interface MemoryMember {
  readonly userId: string;
  readonly role: string;
  readonly email: string;
}

/** An organization of `createMemoryDirectory`; `scheduledForDeletion` defaults to false. */
export interface MemoryOrganization {
  readonly id: string;
  readonly name: string;
  readonly scheduledForDeletion?: boolean;
  readonly members: readonly MemoryMember[];
}

/** The in-memory `Directory` (`createMemoryDirectory`), with two controls for tests. */
export interface MemoryDirectory extends Directory {
  /** Adds an organization, or replaces the one with the same id. */
  addOrganization(organization: MemoryOrganization): void;
  /** Marks an organization as being deleted (or not); an unknown id is ignored. */
  setScheduledForDeletion(organizationId: string, scheduled: boolean): void;
}

/**
 * A Directory over a fixed list of organizations. `bypassUsers` are the user ids (support
 * staff) the directory lets record a domain without proof; owners are members with role `owner`.
 */
export function createMemoryDirectory(options: {
  organizations: readonly MemoryOrganization[];
  bypassUsers?: readonly string[];
}): MemoryDirectory {
  const orgs = new Map<string, MemoryOrganization>();
  for (const org of options.organizations) orgs.set(org.id, org);
  const bypass = new Set(options.bypassUsers ?? []);

  return {
    async organization(id): Promise<Organization | null> {
      const org = orgs.get(id);
      if (!org) return null;
      return {
        id: org.id,
        name: org.name,
        scheduledForDeletion: org.scheduledForDeletion ?? false,
      };
    },
    async role(organizationId, userId) {
      return orgs.get(organizationId)?.members.find((m) => m.userId === userId)?.role ?? null;
    },
    async ownerEmails(organizationId) {
      const members = orgs.get(organizationId)?.members ?? [];
      return members.filter((m) => m.role === 'owner').map((m) => m.email);
    },
    async canBypass(actor: Actor) {
      return bypass.has(actor.userId);
    },
    addOrganization(org) {
      orgs.set(org.id, org);
    },
    setScheduledForDeletion(organizationId, scheduled) {
      const org = orgs.get(organizationId);
      if (org) orgs.set(organizationId, { ...org, scheduledForDeletion: scheduled });
    },
  };
}
