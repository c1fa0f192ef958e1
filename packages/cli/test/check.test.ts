// `apexproof check` end to end against the real NSD hierarchy: what each authoritative server
// sees, the diagnosis in plain words, exit codes 0/1/2 (64 for usage), --json, colour on a TTY.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ADDRESSES } from '../../authoritative/test/support/hierarchy.js';
import { useHierarchy } from '../../authoritative/test/support/use-hierarchy.js';
import { type CheckReport, main } from '../src/index.js';

const { suite, current } = useHierarchy('cli');
const NS1 = `ns1.dns.co (${ADDRESSES.ns1})`;
const NS2 = `ns2.dns.co (${ADDRESSES.ns2})`;

async function run(argv: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const h = current();
  const where = [
    '--no-doh',
    '--roots',
    h.roots.join(','),
    '--port',
    String(h.port),
    '--timeout',
    '400',
  ];
  const code = await main([...argv, ...where], {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const ESC = '\u001b[';
/** `check <domain>` for the token every hierarchy zone serves, plus `extra` options. */
const withToken = (domain: string, ...extra: string[]) => [
  'check',
  domain,
  '--preset',
  'kayle',
  '--token',
  'tok-current',
  ...extra,
];

suite('apexproof check', () => {
  it('exits 0 when every authoritative server serves the token, and shows each of them', async () => {
    const { code, stdout } = await run(withToken('agree.co'));
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'record   _kayle-id-verification.agree.co TXT',
        'expected "kayle-id-verification=tok-current"',
        'seen by  (every perspective must see it)',
        `  ✓ ${NS1}: "kayle-id-verification=tok-current"`,
        `  ✓ ${NS2}: "kayle-id-verification=tok-current"`,
        'FOUND: The expected record is published',
        '',
      ].join('\n'),
    );
    expect(stdout).not.toContain(ESC);
  });

  it('exits 1 and names the server that still serves the old value', async () => {
    const { code, stdout } = await run(withToken('stale.co'));
    expect(code).toBe(1);
    expect(stdout).toContain(`  ✗ ${NS2}: "kayle-id-verification=tok-previous"`);
    expect(stdout).toContain(`  - ${NS2} still serves "kayle-id-verification=tok-previous".`);
    const any = await run(withToken('stale.co', '--require', 'any'));
    expect(any.code).toBe(0);
  });

  it('explains a CNAME elsewhere and a missing domain in plain words', async () => {
    const moved = await run([
      'check',
      'agree.co',
      '--name',
      '_kayle-id-verification.moved.agree.co',
      '--value',
      'x',
    ]);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toContain(
      '  - _kayle-id-verification.moved.agree.co is a CNAME to _kayle-id-verification.other.co; the TXT record must be at _kayle-id-verification.moved.agree.co itself.',
    );
    const missing = await run(['check', 'missing.co', '--preset', 'kayle', '--token', 't']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('NOT FOUND: Domain missing.co does not exist in DNS');
  });

  it('exits 2 when a server cannot be asked, and says nothing was counted', async () => {
    const { code, stdout } = await run(withToken('silent.co'));
    expect(code).toBe(2);
    expect(stdout).toContain(
      `  ! silent.dns.co (${ADDRESSES.silent}): timeout: DNS query timed out`,
    );
    expect(stdout).toContain('LOOKUP FAILED: DNS query timed out');
    expect(stdout).toContain('Nothing was counted against the domain');
  });

  it('shows what is published without a token, and prints JSON for scripts', async () => {
    const shown = await run(['check', 'agree.co', '--preset', 'kayle']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`  - ${NS1}: "kayle-id-verification=tok-current"`);
    const { code, stdout } = await run(withToken('stale.co', '--json'));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({
      domain: 'stale.co',
      record: {
        name: '_kayle-id-verification.stale.co',
        expected: 'kayle-id-verification=tok-current',
      },
      outcome: 'missing',
      perspectives: [
        { resolver: NS1, status: 'answered', matches: true },
        {
          resolver: NS2,
          status: 'answered',
          matches: false,
          values: ['kayle-id-verification=tok-previous'],
        },
      ],
    });
    expect(report.diagnosis?.hints).toContainEqual({
      kind: 'stale_server',
      resolver: NS2,
      found: ['kayle-id-verification=tok-previous'],
    });
  });

  it('colours only on a terminal, and not when NO_COLOR is set or --no-color is given', async () => {
    const argv = withToken('agree.co');
    expect((await run(argv, { tty: true })).stdout).toContain(ESC);
    expect((await run(argv, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await run([...argv, '--no-color'], { tty: true })).stdout).not.toContain(ESC);
    expect((await run([...argv, '--json'], { tty: true })).stdout).not.toContain(ESC);
  });

  it('makes a failing DoH perspective a lookup failure under `all`', async () => {
    const h = current();
    let stdout = '';
    const code = await main(
      [
        'check',
        'agree.co',
        '--preset',
        'kayle',
        '--token',
        'tok-current',
        '--doh',
        'http://127.0.0.1:1/dns-query',
        '--roots',
        h.roots[0] ?? '',
        '--port',
        String(h.port),
      ],
      { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => 0 } },
    );
    expect(code).toBe(2);
    expect(stdout).toContain('! http://127.0.0.1:1/dns-query: network');
    expect(stdout).toContain(`✓ ${NS1}`);
  });

  it('runs as the `apexproof` bin with its exit code', { timeout: 60_000 }, async () => {
    const h = current();
    const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const args = [
      '--conditions=@apexproof/source',
      '--import',
      'tsx',
      bin,
      'check',
      'stale.co',
      '--preset',
      'kayle',
      '--token',
      'tok-current',
      '--no-doh',
      '--roots',
      h.roots.join(','),
      '--port',
      String(h.port),
    ];
    const failed = await promisify(execFile)(process.execPath, args).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toContain(`${NS2} still serves`);
    expect(failed.stdout).not.toContain(ESC);
  });
});

it('refuses usage mistakes with exit code 64', async () => {
  const cases = [
    [],
    ['verify', 'a.co'],
    ['check'],
    ['check', 'a.co', 'b.co'],
    ['check', 'a.co', '--preset', 'x'],
    ['check', 'a.co', '--value', 'v'],
    ['check', 'a.co', '--port', '0'],
    ['check', 'a.co', '--bogus'],
    ['check', 'co', '--no-doh'],
    ['check', 'a.co', '--no-doh', '--no-authoritative'],
    ['check', 'a.co', '--roots', 'not-an-ip', '--no-doh'],
  ];
  for (const argv of cases) {
    let stderr = '';
    const code = await main(argv, {
      stdout: { write: () => 0 },
      stderr: { write: (t: string) => (stderr += t) },
    });
    expect([argv, code]).toEqual([argv, 64]);
    expect(stderr).toMatch(/^apexproof: /);
  }
  let out = '';
  expect(
    await main(['--help'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => 0 },
    }),
  ).toBe(0);
  expect(out).toContain('Exit codes: 0 found');
});
