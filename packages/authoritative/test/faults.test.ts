// Faults a real server cannot be made to produce, from a fake root on loopback: replies with
// another id or question (ignored, as a spoofed datagram would be), undecodable bytes, a
// truncated reply whose TCP retry finds nobody listening, a reply without authority.
import { createSocket, type Socket } from 'node:dgram';
import * as packet from '@dnsquery/dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthoritativeResolver } from '../src/index.js';

const ADDRESS = '127.0.0.46';
type Reply = (query: packet.Packet) => (Uint8Array | packet.Packet)[];
const sockets: Socket[] = [];

async function fakeRoot(reply: Reply): Promise<number> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (bytes, from) => {
    const query = packet.decode(bytes);
    for (const out of reply(query)) {
      const body = out instanceof Uint8Array ? out : packet.encode(out);
      socket.send(body, from.port, from.address);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, ADDRESS, resolve));
  return socket.address().port;
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

const answer = (query: packet.Packet, overrides: Partial<packet.Packet> = {}): packet.Packet => ({
  type: 'response',
  id: query.id,
  flags: packet.AUTHORITATIVE_ANSWER,
  questions: query.questions,
  answers: [{ type: 'TXT', name: query.questions?.[0]?.name ?? '', data: ['real'] }],
  ...overrides,
});

const resolverAt = (port: number) =>
  createAuthoritativeResolver({ roots: [ADDRESS], port, timeoutMs: 300, attempts: 1 });

describe('authoritative resolver faults (fake server)', () => {
  it('ignores replies with another id or question and takes the genuine one', async () => {
    const port = await fakeRoot((q) => [
      answer(q, {
        id: ((q.id ?? 0) + 1) % 65_536,
        answers: [{ type: 'TXT', name: 'x', data: ['spoofed'] }],
      }),
      answer(q, { questions: [{ type: 'TXT', name: 'evil.example', class: 'IN' }] }),
      answer(q),
    ]);
    const result = await resolverAt(port).txt('name.example');
    expect(result.ok && result.answer.records).toEqual([['real']]);
  });

  it('reports undecodable bytes and trailing garbage as malformed', async () => {
    for (const bytes of [
      (q: packet.Packet) => Uint8Array.from([(q.id ?? 0) >> 8, (q.id ?? 0) & 255, 0x84, 0, 0, 9]),
      (q: packet.Packet) => Uint8Array.from([...packet.encode(answer(q)), 1, 2, 3]),
    ]) {
      const port = await fakeRoot((q) => [bytes(q)]);
      const result = await resolverAt(port).txt('name.example');
      expect(!result.ok && result.failures[0]?.kind).toBe('malformed');
    }
  });

  it('falls back to TCP on truncation and reports the TCP failure when nobody listens', async () => {
    const port = await fakeRoot((q) => [
      answer(q, { flags: packet.AUTHORITATIVE_ANSWER | packet.TRUNCATED_RESPONSE, answers: [] }),
    ]);
    const result = await resolverAt(port).txt('name.example');
    expect(!result.ok && result.failures[0]).toMatchObject({ kind: 'network', resolver: ADDRESS });
    expect(!result.ok && result.failures[0]?.detail).toMatch(/^TCP: /);
  });

  it('reports a server answering without authority or referral as lame', async () => {
    const port = await fakeRoot((q) => [answer(q, { flags: 0 })]);
    const result = await resolverAt(port).txt('name.example');
    expect(!result.ok && result.failures[0]).toMatchObject({ kind: 'refused', resolver: ADDRESS });
  });

  it('maps SERVFAIL to servfail with ScaiDNS wording', async () => {
    const port = await fakeRoot((q) => [
      answer(q, { flags: packet.AUTHORITATIVE_ANSWER | 2, answers: [] }),
    ]);
    const result = await resolverAt(port).txt('name.example');
    expect(!result.ok && result.failures[0]).toMatchObject({
      kind: 'servfail',
      detail: 'No nameservers available for query: SERVFAIL',
    });
  });

  it('stops a lookup that would nest walks for glueless name servers without end', async () => {
    // Every query is referred to a zone named after it, served by three name servers without
    // glue: resolving each one starts another walk that is referred the same way.
    let serial = 0;
    const port = await fakeRoot((q) => {
      const name = q.questions?.[0]?.name ?? '';
      const zone = name === '' ? 'x.test' : name;
      const hosts = ['a', 'b', 'c'].map((h) => `${h}${++serial}.ns.test`);
      return [
        answer(q, {
          flags: 0,
          answers: [],
          authorities: hosts.map((data) => ({ type: 'NS' as const, name: zone, data })),
        }),
      ];
    });
    let sent = 0;
    const dns = createAuthoritativeResolver({
      roots: [ADDRESS],
      port,
      timeoutMs: 300,
      attempts: 1,
      maxQueries: 50,
      onQuery: () => sent++,
    });
    const result = await dns.txt('name.example');
    expect(result.ok).toBe(false);
    expect(sent).toBeLessThanOrEqual(50);
    expect(JSON.stringify(result)).toContain('more than 50 queries needed');
  });
});
