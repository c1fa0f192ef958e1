// A whole DNS hierarchy on loopback, served by real NSD instances: a root server, a TLD server
// (`co` and `net`), two servers for the domain zones (ns1, ns2), a lame server that serves
// none of them, and a silent address where a socket swallows every query (NSD cannot be made
// to stay silent, so that one fault is a fake). Every server listens on the same random port.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNsd, type NsdServer, startNsd, type ZoneText } from './nsd.js';

export const TOKEN = 'kayle-id-verification=tok-current';
export const OLD_TOKEN = 'kayle-id-verification=tok-previous';
const RECORD = '_kayle-id-verification';

/** Addresses by role; the last octet is fixed, the port is random per run. */
export const ADDRESSES = {
  root: '127.0.0.40',
  tld: '127.0.0.41',
  ns1: '127.0.0.42',
  ns2: '127.0.0.43',
  lame: '127.0.0.44',
  silent: '127.0.0.45',
} as const;

export interface Hierarchy {
  readonly port: number;
  readonly roots: readonly string[];
  readonly ns1: NsdServer;
  readonly ns2: NsdServer;
  /** Replaces the records of a zone served by ns1 and ns2 (or only the one named). */
  setDomainZone(name: string, records: readonly string[], only?: 'ns1' | 'ns2'): Promise<void>;
  stop(): Promise<void>;
}

const delegate = (label: string, hosts: readonly string[]) =>
  hosts.map((host) => `${label} NS ${host}`);
const both = ['ns1.dns.co.', 'ns2.dns.co.'];

/** Extra TLD delegations, for the benchmark: `d<n>.co` served by ns1 and ns2. */
const sweepLabel = (i: number) => `d${String(i).padStart(5, '0')}`;
export const sweepDomain = (i: number) => `${sweepLabel(i)}.co`;

function tldZones(sweep: number): ZoneText[] {
  const co = [
    '@ NS ns.nic.co.',
    `ns.nic.co. A ${ADDRESSES.tld}`,
    `ns1.dns.co. A ${ADDRESSES.ns1}`,
    `ns2.dns.co. A ${ADDRESSES.ns2}`,
    `lame.dns.co. A ${ADDRESSES.lame}`,
    `silent.dns.co. A ${ADDRESSES.silent}`,
    ...['agree', 'stale', 'big', 'contract', 'other'].flatMap((d) => delegate(d, both)),
    ...delegate('lame', ['ns1.dns.co.', 'lame.dns.co.']),
    ...delegate('silent', ['ns1.dns.co.', 'silent.dns.co.']),
    ...delegate('glueless', ['ns1.provider.net.', 'ns2.provider.net.']),
    ...Array.from({ length: sweep }, (_, i) => delegate(sweepLabel(i), both)).flat(),
  ];
  const net = ['@ NS ns.nic.co.', ...delegate('provider', both)];
  return [
    { name: 'co', records: co },
    { name: 'net', records: net },
  ];
}

const base = ['@ NS ns1.dns.co.', '@ NS ns2.dns.co.', '@ TXT "v=spf1 -all"'];
/** A TXT set far over the 1232-octet EDNS buffer: NSD must truncate over UDP. */
const bigSet = Array.from(
  { length: 40 },
  (_, i) => `${RECORD} TXT "filler-${i}-${'x'.repeat(90)}"`,
);

function domainZones(server: 'ns1' | 'ns2', sweep: number): ZoneText[] {
  const token = server === 'ns1' ? TOKEN : OLD_TOKEN;
  const zones: ZoneText[] = [
    {
      name: 'agree.co',
      records: [
        ...base,
        `${RECORD} TXT "${TOKEN}"`,
        `${RECORD}.moved CNAME ${RECORD}.other.co.`,
        `${RECORD}.inzone CNAME target`,
        'target TXT "in-zone target"',
        'www A 192.0.2.1',
      ],
    },
    { name: 'stale.co', records: [...base, `${RECORD} TXT "${token}"`] },
    { name: 'big.co', records: [...base, `${RECORD} TXT "${TOKEN}"`, ...bigSet] },
    { name: 'other.co', records: [...base, `${RECORD} TXT "somebody-else"`] },
    { name: 'glueless.co', records: [...base, `${RECORD} TXT "${TOKEN}"`] },
    { name: 'contract.co', records: base },
    {
      name: 'provider.net',
      records: [...base, `ns1 A ${ADDRESSES.ns1}`, `ns2 A ${ADDRESSES.ns2}`],
    },
    ...Array.from({ length: sweep }, (_, i) => ({
      name: sweepDomain(i),
      records: [...base, `${RECORD} TXT "${TOKEN}"`],
    })),
  ];
  if (server === 'ns1')
    for (const name of ['lame.co', 'silent.co'])
      zones.push({ name, records: [...base, `${RECORD} TXT "${TOKEN}"`] });
  return zones;
}

/** A UDP socket that reads every query and never answers. */
function silentServer(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, address, () => resolve(socket));
  });
}

const randomPort = () => 20_000 + Math.floor(Math.random() * 40_000);

/** Starts the hierarchy; `sweep` adds that many delegated domains for the benchmark. */
export async function startHierarchy(options: { sweep?: number } = {}): Promise<Hierarchy> {
  const binary = await findNsd();
  if (binary === undefined) throw new Error('nsd is not installed');
  const sweep = options.sweep ?? 0;
  for (let attempt = 0; ; attempt++) {
    const port = randomPort();
    const dir = await mkdtemp(join(tmpdir(), 'apexproof-nsd-'));
    const started: { stop(): Promise<void> }[] = [];
    try {
      const silent = await silentServer(ADDRESSES.silent, port);
      started.push({ stop: async () => void silent.close() });
      const start = (address: string, zones: ZoneText[]) =>
        startNsd({ binary, dir, address, port, zones }).then((s) => {
          started.push(s);
          return s;
        });
      const rootZone: ZoneText = {
        name: '',
        records: [
          '@ NS a.root-servers.test.',
          `a.root-servers.test. A ${ADDRESSES.root}`,
          ...delegate('co', ['ns.nic.co.']),
          ...delegate('net', ['ns.nic.co.']),
          `ns.nic.co. A ${ADDRESSES.tld}`,
        ],
      };
      const [, , ns1, ns2] = await Promise.all([
        start(ADDRESSES.root, [rootZone]),
        start(ADDRESSES.tld, tldZones(sweep)),
        start(ADDRESSES.ns1, domainZones('ns1', sweep)),
        start(ADDRESSES.ns2, domainZones('ns2', sweep)),
        start(ADDRESSES.lame, [{ name: 'unrelated.test', records: ['@ NS ns.invalid.'] }]),
      ]);
      const stop = async () => {
        await Promise.all(started.map((s) => s.stop()));
        await rm(dir, { recursive: true, force: true });
      };
      return {
        port,
        roots: [ADDRESSES.root],
        ns1: ns1 as NsdServer,
        ns2: ns2 as NsdServer,
        async setDomainZone(name, records, only) {
          const zone = { name, records: [...base, ...records] };
          const servers = { ns1: ns1 as NsdServer, ns2: ns2 as NsdServer };
          const targets = only ? [servers[only]] : [servers.ns1, servers.ns2];
          await Promise.all(targets.map((s) => s.setZone(zone)));
        },
        stop,
      };
    } catch (error) {
      await Promise.all(started.map((s) => s.stop().catch(() => {})));
      await rm(dir, { recursive: true, force: true });
      // Another run may hold the port on one of the addresses: try another port.
      if (attempt >= 4) throw error;
    }
  }
}
