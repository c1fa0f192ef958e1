// Request shapes of the plugin's endpoints. Only the shape is checked here (so the typed client
// knows it); every value is judged by the core, which answers a catalog error for bad input.
import * as z from 'zod';

/** The organization to act in; without it, the session's active organization. */
export const organizationId = z
  .string()
  .meta({ description: "The organization to act in [the session's active organization]" })
  .optional();

export const startBody = z.object({
  domain: z.string().meta({ description: 'The domain to prove, e.g. acme.co' }),
  method: z
    .enum(['dns-txt', 'email-otp', 'ns-delegation'])
    .meta({ description: 'How to prove it [dns-txt]' })
    .optional(),
  email: z.string().meta({ description: 'email-otp: the address the code goes to' }).optional(),
  organizationId,
});

export const verifyBody = z.object({
  challengeId: z.string(),
  acknowledgeTakeover: z
    .boolean()
    .meta({ description: 'Take the domain from the organization that holds it now' })
    .optional(),
  organizationId,
});

export const confirmBody = z.object({
  challengeId: z.string(),
  code: z.string().meta({ description: 'The code from the e-mail' }),
  acknowledgeTakeover: z.boolean().optional(),
  organizationId,
});

export const challengeBody = z.object({ challengeId: z.string(), organizationId });
export const challengeQuery = z.object({ challengeId: z.string(), organizationId });
export const organizationQuery = z.object({ organizationId }).optional();
export const statusQuery = z.object({ domain: z.string(), organizationId });
export const removeDomainBody = z.object({ domainId: z.string(), organizationId });

export const addPatternBody = z.object({
  pattern: z.union([
    z.string().meta({ description: 'https://[subdomain.]<domain>[/path]' }),
    z.object({
      subdomain: z.string().optional(),
      apex: z.string(),
      path: z.string().optional(),
    }),
  ]),
  organizationId,
});
export const removePatternBody = z.object({ patternId: z.string(), organizationId });

export const auditQuery = z
  .object({
    cursor: z.string().optional(),
    limit: z.coerce.number().optional(),
    organizationId,
  })
  .optional();

/** Batch size (and concurrency) of the scheduled calls; the core applies its defaults. */
export const batchBody = z
  .object({ limit: z.number().optional(), concurrency: z.number().optional() })
  .optional();
export const limitBody = z.object({ limit: z.number().optional() }).optional();
