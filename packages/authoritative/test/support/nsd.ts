// Real NSD servers on loopback for tests: each instance listens on its own 127.0.0.x address
// and a port shared by the whole hierarchy (the resolver's `port` option), runs in the
// foreground (-d) from a throwaway directory, and reloads its zone files on SIGHUP.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { constants } from 'node:fs';
import { access, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The nsd binary: Debian installs it in /usr/sbin, which a non-root PATH may lack. */
export async function findNsd(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const path = join(dir, 'nsd');
    const found = await access(path, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (found) return path;
  }
  return undefined;
}

/** One zone as NSD serves it: zone-file body lines after the SOA, relative to the origin. */
export interface ZoneText {
  readonly name: string;
  readonly records: readonly string[];
}

export interface NsdServer {
  readonly address: string;
  /** Replaces a zone's records (serial + 1), reloads, and waits until the new serial is served. */
  setZone(zone: ZoneText): Promise<void>;
  stop(): Promise<void>;
}

const serials = new Map<string, number>();
let clockSkew = 0;

function zoneFile(zone: ZoneText, serial: number): string {
  const origin = zone.name === '' ? '.' : `${zone.name}.`;
  return [
    `$ORIGIN ${origin}`,
    '$TTL 300',
    `@ IN SOA ns.invalid. hostmaster.invalid. ${serial} 3600 600 86400 60`,
    ...zone.records,
    '',
  ].join('\n');
}

const fileOf = (dir: string, name: string) => join(dir, `${name === '' ? 'root' : name}.zone`);

async function writeZone(dir: string, address: string, zone: ZoneText): Promise<number> {
  const key = `${address}/${zone.name}`;
  const serial = (serials.get(key) ?? 0) + 1;
  serials.set(key, serial);
  const file = fileOf(dir, zone.name);
  await writeFile(file, zoneFile(zone, serial));
  // NSD notices a change by mtime: move it forward explicitly so two edits within one second
  // are never mistaken for none.
  clockSkew += 2;
  const when = new Date(Date.now() + clockSkew * 1000);
  await utimes(file, when, when);
  return serial;
}

/** The serial `address` serves for `zone`, or undefined while it does not answer. */
async function servedSerial(address: string, port: number, zone: string) {
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([`${address}:${port}`]);
  try {
    return (await resolver.resolveSoa(zone === '' ? '.' : zone)).serial;
  } catch {
    return undefined;
  }
}

async function waitForSerial(address: string, port: number, zone: string, serial: number) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await servedSerial(address, port, zone)) === serial) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`NSD at ${address}:${port} did not serve serial ${serial} of ${zone}`);
}

/** Starts one NSD serving `zones` on `address:port`; rejects if it cannot bind or load. */
export async function startNsd(options: {
  binary: string;
  dir: string;
  address: string;
  port: number;
  zones: readonly ZoneText[];
}): Promise<NsdServer> {
  const { binary, address, port, zones } = options;
  const dir = join(options.dir, address);
  await mkdir(dir, { recursive: true });
  const written = new Map<string, number>();
  for (const zone of zones) written.set(zone.name, await writeZone(dir, address, zone));
  const conf = [
    'server:',
    `  ip-address: ${address}@${port}`,
    `  port: ${port}`,
    '  username: ""',
    '  chroot: ""',
    '  database: ""',
    `  zonesdir: "${dir}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    '  server-count: 1',
    '  do-ip6: no',
    '  hide-version: yes',
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    'remote-control:',
    '  control-enable: no',
    ...zones.flatMap((z) => [
      'zone:',
      `  name: "${z.name === '' ? '.' : z.name}"`,
      `  zonefile: "${fileOf(dir, z.name)}"`,
    ]),
    '',
  ].join('\n');
  const confFile = join(dir, 'nsd.conf');
  await writeFile(confFile, conf);
  await exec(join(binary, '..', 'nsd-checkconf'), [confFile]).catch((e: Error) => {
    throw new Error(`nsd-checkconf refused the configuration: ${e.message}`);
  });
  const child: ChildProcess = spawn(binary, ['-d', '-c', confFile], { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const first = zones[0];
  try {
    if (first) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (exited) throw new Error('nsd exited');
        if ((await servedSerial(address, port, first.name)) === written.get(first.name)) break;
        if (Date.now() > deadline) throw new Error('nsd did not answer within 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } catch (error) {
    child.kill('SIGTERM');
    const log = await readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '');
    throw new Error(`NSD on ${address}:${port}: ${(error as Error).message}\n${log.slice(-800)}`);
  }
  return {
    address,
    async setZone(zone) {
      const serial = await writeZone(dir, address, zone);
      child.kill('SIGHUP');
      await waitForSerial(address, port, zone.name, serial);
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
