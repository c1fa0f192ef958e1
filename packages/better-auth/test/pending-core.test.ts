// The endpoints waiting for #14's use cases (checkPending, listAudit, listEvidence): wired, and
// answering 501 NOT_IMPLEMENTED until the core has them. When #14 lands, this file changes
// with src/endpoints/pending-core.ts (the scenario then covers audit and pending checks).
import { createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { buildAuth, clientFor, createOrganization, signUp } from './support/auth.js';

describe('endpoints over use cases the core does not have yet', () => {
  it('answer 501 NOT_IMPLEMENTED, after the session and organization checks', async () => {
    const auth = buildAuth({ storage: createMemoryStorage(), dns: createMemoryDns() });
    const pending = await auth.api.checkPendingChallenges({ body: {} }).then(
      () => null,
      (e: { statusCode?: number; body?: { code?: string } }) => e,
    );
    expect(pending).toMatchObject({ statusCode: 501, body: { code: 'NOT_IMPLEMENTED' } });

    const client = clientFor(auth);
    const anonymous = await client.domainVerification.audit();
    expect(anonymous.error?.status).toBe(401);
    await signUp(client, 'Pat');
    await createOrganization(client, 'Pat Co');
    const audit = await client.domainVerification.audit();
    expect(audit.error).toMatchObject({ status: 501, code: 'NOT_IMPLEMENTED' });
    const evidence = await client.domainVerification.evidence({ query: { domainId: 'd' } });
    expect(evidence.error).toMatchObject({ status: 501, code: 'NOT_IMPLEMENTED' });
  });
});
