// A throw-away PostgreSQL cluster for tests: initdb into a temporary directory, a server on a
// free port of 127.0.0.1 (plus a Unix socket in the same directory), removed on stop().
// PostgreSQL refuses to run as root, so as root the processes run as the `postgres` user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export interface PgServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Creates an empty database and answers its name. */
  createDatabase(name: string): Promise<string>;
  /** Drops every backend connection to `database` and waits until they are gone. */
  terminateBackends(database: string): Promise<number>;
  /**
   * Stops the server as `pg_ctl stop -m fast` (SIGINT) or `-m immediate` (SIGQUIT) would, and
   * starts it again on the same port and data directory, as `pg_ctl restart` does.
   */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly uid?: number;
  readonly gid?: number;
}

const SUPERUSER = 'apexproof';

/**
 * Finds the server binaries: only in APEXPROOF_PG_BIN when it is set, else in
 * /usr/lib/postgresql/<newest>/bin, then on PATH.
 */
export function findServer(): Binaries | { missing: string } {
  const dirs: string[] = [];
  const debian = '/usr/lib/postgresql';
  if (process.env.APEXPROOF_PG_BIN) dirs.push(process.env.APEXPROOF_PG_BIN);
  else {
    if (existsSync(debian)) {
      const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
      dirs.push(...versions.map((v) => join(debian, v, 'bin')));
    }
    dirs.push(...(process.env.PATH ?? '').split(':').filter(Boolean));
  }
  const dir = dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
  if (!dir) {
    return {
      missing:
        'PostgreSQL server binaries (initdb, postgres) not found; install postgresql or set APEXPROOF_PG_BIN',
    };
  }
  const binaries = { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
  if (process.getuid?.() !== 0) return binaries;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { ...binaries, uid, gid };
  } catch {
    return { missing: 'running as root needs a non-root `postgres` user (useradd -r postgres)' };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(binaries: Binaries): Promise<PgServer> {
  const dir = mkdtempSync('/tmp/apexproof-pg-');
  const data = join(dir, 'data');
  const as = binaries.uid === undefined ? {} : { uid: binaries.uid, gid: binaries.gid };
  if (binaries.uid !== undefined) chownSync(dir, binaries.uid, binaries.gid ?? binaries.uid);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
  try {
    execFileSync(
      binaries.initdb,
      ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { ...as, cwd: dir, env, stdio: 'pipe' },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || error}`);
  }
  const port = await freePort();
  // Durability is pointless for a throw-away cluster; a short deadlock_timeout keeps the
  // deadlock case quick.
  const settings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'deadlock_timeout=100ms',
    'max_connections=40',
  ].flatMap((s) => ['-c', s]);
  let log = '';
  const launch = () => {
    const started: ChildProcess = spawn(
      binaries.postgres,
      ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), ...settings],
      { ...as, cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    started.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    return { child: started, exited };
  };
  let { child, exited } = launch();
  // A process that dies without stop() (a crash, an unhandled pool error) must still leave
  // nothing behind: only synchronous work is possible in an 'exit' listener.
  const killOnExit = () => {
    child.kill('SIGQUIT');
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // the server may still be writing; a leftover /tmp/apexproof-pg-* is harmless
    }
  };
  process.once('exit', killOnExit);

  const connect = (database: string) =>
    new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database });
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = connect('postgres');
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  const ready = async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await admin(async () => undefined);
        return;
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill('SIGKILL');
          process.removeListener('exit', killOnExit);
          rmSync(dir, { recursive: true, force: true });
          throw new Error(`postgres did not start: ${error}\n${log}`);
        }
        await sleep(100);
      }
    }
  };
  await ready();

  return {
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    createDatabase: (name) =>
      admin(async (c) => {
        // Test-only constant names; identifiers cannot be bound as parameters.
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
        await c.query(`CREATE DATABASE ${name}`);
        return name;
      }),
    terminateBackends: (database) =>
      admin(async (c) => {
        const { rows } = await c.query(
          'SELECT pg_terminate_backend(pid, 5000) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database],
        );
        return rows.length;
      }),
    async restart(mode) {
      child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      await exited;
      ({ child, exited } = launch());
      await ready();
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGINT'); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
