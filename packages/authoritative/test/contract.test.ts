// The testkit's DnsResolver contract against the authoritative resolver, with the zone served
// by two real NSD servers (each change is reloaded and awaited on both before the lookup).
import { dnsResolverContract, type ZoneControl } from '@apexproof/testkit';
import { vi } from 'vitest';
import { presentation } from '../../doh/test/support/unbound.js';
import { createAuthoritativeResolver } from '../src/index.js';
import { nsdAvailable, useHierarchy } from './support/use-hierarchy.js';

const APEX = 'contract.co';
const { current } = useHierarchy('authoritative contract');
// Each zone change waits for both servers to reload: slower than the default 5 s on a busy box.
vi.setConfig({ testTimeout: 60_000 });

const names = new Map<string, string[]>();
const absolute = (name: string) => `${name.toLowerCase().replace(/\.$/, '')}.`;
const publish = () => current().setDomainZone(APEX, [...names.values()].flat());

const zone: ZoneControl = {
  setTxt(name, records) {
    const owner = absolute(name);
    const lines = records.map((r) => {
      const parts = typeof r === 'string' ? [r] : r;
      return `${owner} TXT ${parts.map(presentation).join(' ')}`;
    });
    if (lines.length === 0) names.delete(owner);
    else names.set(owner, lines);
    return publish();
  },
  setCname(name, target) {
    names.set(absolute(name), [`${absolute(name)} CNAME ${absolute(target)}`]);
    return publish();
  },
  setNs(name, hosts) {
    names.set(
      absolute(name),
      hosts.map((h) => `${absolute(name)} NS ${absolute(h)}`),
    );
    return publish();
  },
  remove(name) {
    names.delete(absolute(name));
    return publish();
  },
};

dnsResolverContract({
  name: 'authoritative (two NSD servers)',
  apex: APEX,
  skip: nsdAvailable ? false : 'nsd is not installed',
  zone,
  create: () =>
    createAuthoritativeResolver({ roots: current().roots, port: current().port, timeoutMs: 1000 }),
  reset: () => {
    if (names.size === 0) return;
    names.clear();
    return publish();
  },
});
