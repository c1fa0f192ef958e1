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
  /**
   * The organization, or `null` when the host does not know it (`ORGANIZATION_NOT_FOUND`). Also
   * asked for the display name of another organization in a takeover.
   */
  organization(organizationId: string): Promise<Organization | null>;
  /**
   * The user's role in the organization as the host names it, or `null` when the user is not a
   * member (`FORBIDDEN`). Calls that change things need a role in `policy.manageRoles`
   * [`['owner']`].
   */
  role(organizationId: string, userId: string): Promise<string | null>;
  /** E-mail addresses of the organization's owners: who is told about takeovers and downgrades. */
  ownerEmails(organizationId: string): Promise<readonly string[]>;
  /** Whether the actor may record a verified domain without a proof (support staff). */
  canBypass(actor: Actor): Promise<boolean>;
}

/**
 * An organization as the `Directory` reports it. `name` appears in takeover errors and notices;
 * `scheduledForDeletion: true` refuses new challenges and verifications
 * (`ORGANIZATION_SCHEDULED_FOR_DELETION`).
 */
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
