// The organizations every apexproof test world shares (the core's use-case tests, adapter
// suites, examples): who they are, who may act for them, and where their owners get mail.

/** An organization as the memory directory takes it. */
export interface TestOrganization {
  readonly id: string;
  readonly name: string;
  readonly scheduledForDeletion?: boolean;
  readonly members: readonly { userId: string; role: string; email: string }[];
}

/** Acme (two owners and a member), Rival, Third, and Doomed (scheduled for deletion). */
export const TEST_ORGANIZATIONS = [
  {
    id: 'org_acme',
    name: 'Acme Inc',
    members: [
      { userId: 'u_alice', role: 'owner', email: 'alice@acme.co' },
      { userId: 'u_anna', role: 'owner', email: 'anna@acme.co' },
      { userId: 'u_mallory', role: 'member', email: 'mallory@acme.co' },
    ],
  },
  {
    id: 'org_rival',
    name: 'Rival LLC',
    members: [{ userId: 'u_bob', role: 'owner', email: 'bob@rival.example' }],
  },
  {
    id: 'org_third',
    name: 'Third Co',
    members: [{ userId: 'u_carol', role: 'owner', email: 'carol@third.example' }],
  },
  {
    id: 'org_doomed',
    name: 'Doomed',
    scheduledForDeletion: true,
    members: [{ userId: 'u_dave', role: 'owner', email: 'dave@doomed.example' }],
  },
] as const satisfies readonly TestOrganization[];

/** One acting user per organization of TEST_ORGANIZATIONS, and Acme's member. */
export const TEST_ACTORS = {
  acme: { organizationId: 'org_acme', userId: 'u_alice' },
  acmeMember: { organizationId: 'org_acme', userId: 'u_mallory' },
  rival: { organizationId: 'org_rival', userId: 'u_bob' },
  third: { organizationId: 'org_third', userId: 'u_carol' },
  doomed: { organizationId: 'org_doomed', userId: 'u_dave' },
} as const;
