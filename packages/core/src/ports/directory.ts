/**
 * The host application's view of its organizations and members (DESIGN §8). apexproof owns
 * no users; it asks.
 *
 * Rules every implementation keeps:
 * - Unknown ids answer `null` / `[]`, never reject.
 * - `role` answers the member's role name as the host knows it; the policy decides which
 *   roles may manage domains (`owner` by default).
 */
export interface Directory {
  organization(organizationId: string): Promise<Organization | null>;
  role(organizationId: string, userId: string): Promise<string | null>;
  /** E-mail addresses of the organization's owners: who is told about takeovers and downgrades. */
  ownerEmails(organizationId: string): Promise<readonly string[]>;
  /** Whether the actor may record a verified domain without a proof (support staff). */
  canBypass(actor: Actor): Promise<boolean>;
}

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly scheduledForDeletion: boolean;
}

/** The caller of a use case. */
export interface Actor {
  readonly organizationId: string;
  readonly userId: string;
}
