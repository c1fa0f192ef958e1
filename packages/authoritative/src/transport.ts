// Sending one query to one address: UDP first (a fresh socket per query, so the source port is
// random as well as the id), TCP when the reply is truncated. A datagram from another address
// or port, or with another id or question, is ignored rather than trusted (RFC 5452), and the
// wait goes on until the deadline.
import { createSocket } from 'node:dgram';
import { isIPv6, Socket } from 'node:net';
import { fail, messageId, type QueryType, type Reply, readReply, type Step } from './message.js';

export interface Exchange {
  readonly address: string;
  readonly port: number;
  readonly id: number;
  readonly name: string;
  readonly type: QueryType;
  readonly query: Uint8Array;
  readonly timeoutMs: number;
}

/** "DNS query timed out" is ScaiDNS's wording; the detail adds where and how long. */
const timedOut = (x: Exchange, transport: string) =>
  fail('timeout', `DNS query timed out (no ${transport} reply in ${x.timeoutMs} ms)`);

/** One UDP round trip; a reply that fails its checks is a `malformed` step. */
export function udpExchange(x: Exchange): Promise<Step<Reply>> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(x.address) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (step: Step<Reply>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(step);
    };
    const timer = setTimeout(() => finish(timedOut(x, 'UDP')), x.timeoutMs);
    socket.on('error', (error) => finish(fail('network', `UDP: ${error.message}`)));
    socket.on('message', (bytes, from) => {
      // Only the server we asked, with our id, may answer; anything else is noise or spoofing.
      if (from.address !== x.address || from.port !== x.port) return;
      if (messageId(bytes) !== x.id) return;
      const reply = readReply(bytes, x.id, x.name, x.type);
      if (!reply.ok && reply.detail.startsWith('reply is for')) return;
      finish(reply);
    });
    socket.send(x.query, x.port, x.address, (error) => {
      if (error) finish(fail('network', `UDP send: ${error.message}`));
    });
  });
}

/** One TCP round trip with the two-octet length prefix (RFC 1035 §4.2.2, RFC 7766). */
export function tcpExchange(x: Exchange): Promise<Step<Reply>> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (step: Step<Reply>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(step);
    };
    const timer = setTimeout(() => finish(timedOut(x, 'TCP')), x.timeoutMs);
    socket.on('error', (error) => finish(fail('network', `TCP: ${error.message}`)));
    socket.on('close', () => finish(fail('network', 'TCP: connection closed before the reply')));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < 2) return;
      const all = Buffer.concat(chunks);
      const length = all.readUInt16BE(0);
      if (all.length < length + 2) return;
      if (all.length > length + 2) return finish(fail('malformed', 'bytes after the TCP reply'));
      finish(readReply(all.subarray(2), x.id, x.name, x.type));
    });
    socket.connect(x.port, x.address, () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(x.query.length);
      socket.write(Buffer.concat([prefix, x.query]));
    });
  });
}

/** UDP, retried `attempts` times on timeout; TCP when the UDP reply is truncated. */
export async function exchange(
  x: Exchange,
  attempts: number,
): Promise<Step<Reply> & { tcp?: true }> {
  let last: Step<Reply> = timedOut(x, 'UDP');
  for (let i = 0; i < attempts; i++) {
    last = await udpExchange(x);
    if (last.ok && last.value.truncated) return { ...(await tcpExchange(x)), tcp: true };
    if (last.ok || last.kind !== 'timeout') return last;
  }
  return last;
}
