// Organization deletion by better-auth's organization plugin releases the organization's
// domains; a failed release is answered (the organization is gone, so the host retries with the
// idempotent server call), and the release can be turned off.
import { createMemoryDns, createMemoryStorage, type MemoryStorage } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { buildAuth, clientFor, createOrganization, signUp, type TestAuth } from './support/auth.js';

async function verifiedTenant(storage: MemoryStorage, plugin = {}) {
  const dns = createMemoryDns();
  const auth: TestAuth = buildAuth({ storage, dns, plugin });
  const client = clientFor(auth);
  await signUp(client, 'Olga');
  const organizationId = await createOrganization(client, 'Olga Co');
  const started = await client.domainVerification.start({ domain: 'olga.co' });
  dns.setTxt(started.data?.record?.name ?? '', [started.data?.record?.value ?? '']);
  const verified = await client.domainVerification.verify({ challengeId: started.data?.id ?? '' });
  expect(verified.error).toBeNull();
  await client.domainVerification.start({ domain: 'olga.dev' }); // an open challenge
  return { auth, client, organizationId };
}

describe('deleting an organization', () => {
  it('answers the release failure, and the server call releases it afterwards', async () => {
    const storage = createMemoryStorage();
    const { auth, client, organizationId } = await verifiedTenant(storage);
    storage.failNext(1);
    const deleted = await client.organization.delete({ organizationId });
    expect(deleted.error).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' });
    const org = await (await auth.$context).adapter.findOne({
      model: 'organization',
      where: [{ field: 'id', value: organizationId }],
    });
    expect(org).toBeNull(); // better-auth deleted it
    expect(await auth.api.findDomainHolder({ body: { input: 'olga.co' } })).not.toBeNull();
    const released = await auth.api.releaseOrganizationDomains({ body: { organizationId } });
    expect(released).toEqual({ domainsRemoved: 1, patternsRemoved: 0, challengesCancelled: 1 });
    expect(await auth.api.findDomainHolder({ body: { input: 'olga.co' } })).toBeNull();
  });

  it('keeps the domains with releaseOnOrganizationDelete: false', async () => {
    const storage = createMemoryStorage();
    const { auth, client, organizationId } = await verifiedTenant(storage, {
      releaseOnOrganizationDelete: false,
    });
    const deleted = await client.organization.delete({ organizationId });
    expect(deleted.error).toBeNull();
    expect(await auth.api.findDomainHolder({ body: { input: 'olga.co' } })).toMatchObject({
      organizationId,
    });
  });

  it('releases nothing when the deletion is refused', async () => {
    const storage = createMemoryStorage();
    const { auth, organizationId } = await verifiedTenant(storage);
    const stranger = clientFor(auth);
    await signUp(stranger, 'Sam');
    const refused = await stranger.organization.delete({ organizationId });
    expect(refused.error).toBeTruthy();
    expect(await auth.api.findDomainHolder({ body: { input: 'olga.co' } })).toMatchObject({
      organizationId,
    });
  });
});
