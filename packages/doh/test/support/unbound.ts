// Starts a real unbound on 127.0.0.1 serving DNS-over-HTTPS (HTTP/2 only) from local data, with
// a throwaway self-signed certificate, and edits its data at run time through unbound-control.
// It never recurses: the test zone is static local data and every other name is refused.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * The path of a binary: from PATH, else from the sbin directories Debian installs unbound into
 * (not on a non-root user's PATH), else the bare name so that the error names it.
 */
async function which(name: string): Promise<string> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const path = join(dir, name);
    if (
      await access(path, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return name;
}

const run = async (name: string, args: string[]) => exec(await which(name), args);

/** True when the unbound, unbound-control and openssl binaries can be found. */
export async function unboundAvailable(): Promise<boolean> {
  try {
    await run('unbound', ['-V']);
    await run('unbound-control', ['-h']).catch((e: { code?: unknown }) => {
      // unbound-control -h exits 1 after printing its usage; only a missing binary is fatal.
      if (e.code === 'ENOENT') throw e;
    });
    await run('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A TXT character-string in zone-file presentation format: quoted, `\DDD` beyond ASCII. */
export function presentation(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

interface NameData {
  txt?: readonly (string | readonly string[])[];
  cname?: string;
  ns?: readonly string[];
}

export interface UnboundServer {
  readonly url: string;
  /** The self-signed certificate (PEM) the client must trust. */
  readonly ca: string;
  setTxt(name: string, records: readonly (string | readonly string[])[]): Promise<void>;
  setCname(name: string, target: string): Promise<void>;
  setNs(name: string, hosts: readonly string[]): Promise<void>;
  remove(name: string): Promise<void>;
  /** Removes every name changed since start. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);

/** Starts unbound serving `zone` (static local data) and waits until it answers. */
export async function startUnbound(zone: string): Promise<UnboundServer> {
  const dir = await mkdtemp(join(tmpdir(), 'apexproof-unbound-'));
  const [httpsPort, controlPort] = [await freePort(), await freePort()];
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  const conf = join(dir, 'unbound.conf');
  await writeFile(
    conf,
    `server:
  verbosity: 1
  interface: 127.0.0.1@${httpsPort}
  https-port: ${httpsPort}
  tls-service-key: "${join(dir, 'key.pem')}"
  tls-service-pem: "${join(dir, 'cert.pem')}"
  do-ip6: no
  num-threads: 1
  chroot: ""
  username: ""
  directory: "${dir}"
  pidfile: "${join(dir, 'unbound.pid')}"
  use-syslog: no
  logfile: ""
  module-config: "iterator"
  do-not-query-localhost: yes
  do-not-query-address: 0.0.0.0/0
  access-control: 127.0.0.0/8 allow
  local-zone: "." refuse
  local-zone: "${fqdn(zone)}" static
remote-control:
  control-enable: yes
  control-interface: 127.0.0.1
  control-port: ${controlPort}
  control-use-cert: no
`,
  );
  const child: ChildProcess = spawn(await which('unbound'), ['-d', '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const control = async (...args: string[]) => {
    const { stdout } = await run('unbound-control', ['-c', conf, ...args]);
    if (!stdout.startsWith('ok')) throw new Error(`unbound-control ${args.join(' ')}: ${stdout}`);
  };
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`unbound exited:\n${log}`);
    await control('local_data', `ready.${fqdn(zone)} 60 IN TXT "up"`);
  }, 10_000);

  const names = new Map<string, NameData>();
  /** Unbound adds records one by one, so a change rewrites every record at the name. */
  const write = async (name: string, data: NameData) => {
    const owner = fqdn(name);
    await control('local_data_remove', owner);
    names.set(name, data);
    const lines: string[] = [];
    if (data.cname) lines.push(`${owner} 60 IN CNAME ${fqdn(data.cname)}`);
    for (const record of data.txt ?? []) {
      const parts = typeof record === 'string' ? [record] : record;
      lines.push(`${owner} 60 IN TXT ${parts.map(presentation).join(' ')}`);
    }
    for (const host of data.ns ?? []) lines.push(`${owner} 60 IN NS ${fqdn(host)}`);
    for (const line of lines) await control('local_data', line);
  };

  return {
    url: `https://127.0.0.1:${httpsPort}/dns-query`,
    ca: await readFile(join(dir, 'cert.pem'), 'utf8'),
    setTxt: (name, records) => write(name, { ...names.get(name), txt: records, cname: undefined }),
    setCname: (name, target) => write(name, { cname: target }),
    setNs: (name, hosts) => write(name, { ...names.get(name), ns: hosts, cname: undefined }),
    remove: async (name) => {
      names.delete(name);
      await control('local_data_remove', fqdn(name));
    },
    clear: async () => {
      for (const name of [...names.keys()]) await control('local_data_remove', fqdn(name));
      names.clear();
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntil(attempt: () => Promise<void>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > until || String(error).includes('unbound exited')) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
