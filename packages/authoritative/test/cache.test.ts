// The zone-cut cache: root and TLD are asked once per TTL, not once per domain; cuts expire
// with their TTL; the cache never holds more than its size.
import { expect, it } from 'vitest';
import { type AuthoritativeResolverOptions, createAuthoritativeResolver } from '../src/index.js';
import { useHierarchy } from './support/use-hierarchy.js';

const { suite, current } = useHierarchy('authoritative cache');

function counted(options: AuthoritativeResolverOptions = {}) {
  const zones: string[] = [];
  const h = current();
  const dns = createAuthoritativeResolver({
    roots: h.roots,
    port: h.port,
    timeoutMs: 1000,
    onQuery: (q) => zones.push(q.zone || '.'),
    ...options,
  });
  const take = () => zones.splice(0);
  return { dns, take };
}

suite('zone-cut cache', () => {
  it('asks the root and the TLD once, then only the zone servers, until the TTL passes', async () => {
    let now = 1_000_000;
    const { dns, take } = counted({ now: () => now });
    await dns.txt('_kayle-id-verification.agree.co');
    expect(take()).toEqual(['.', 'co', 'agree.co', 'agree.co']);
    await dns.txt('www.agree.co');
    expect(take()).toEqual(['agree.co', 'agree.co']);
    await dns.txt('_kayle-id-verification.stale.co');
    expect(take()).toEqual(['co', 'stale.co', 'stale.co']);
    expect(dns.cachedZones()).toBe(3);
    now += 301_000; // the hierarchy's TTLs are 300 s
    await dns.txt('www.agree.co');
    expect(take()).toEqual(['.', 'co', 'agree.co', 'agree.co']);
  });

  it('keeps at most `cacheSize` cuts, and none with 0', async () => {
    const small = counted({ cacheSize: 1 });
    for (const d of ['agree.co', 'stale.co', 'big.co']) {
      const result = await small.dns.txt(`www.${d}`);
      expect(result.ok).toBe(true);
      expect(small.dns.cachedZones()).toBeLessThanOrEqual(1);
    }
    const none = counted({ cacheSize: 0 });
    await none.dns.txt('www.agree.co');
    await none.dns.txt('www.agree.co');
    expect(none.take().filter((z) => z === '.')).toHaveLength(2);
    expect(none.dns.cachedZones()).toBe(0);
  });

  it('forgets every cut on clearCache', async () => {
    const { dns, take } = counted();
    await dns.txt('www.agree.co');
    dns.clearCache();
    take();
    await dns.txt('www.agree.co');
    expect(take()[0]).toBe('.');
  });
});
