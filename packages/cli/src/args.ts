// `apexproof check <domain> [options]`, parsed with node:util parseArgs. A usage mistake is a
// message for stderr, never a throw.
import { parseArgs } from 'node:util';
import type { PerspectiveRequirement, RecordPresetName } from '@apexproof/core';

export interface CheckArgs {
  readonly domain: string;
  readonly preset?: RecordPresetName;
  readonly token?: string;
  readonly name?: string;
  readonly value?: string;
  readonly previous: readonly string[];
  /** DoH upstream URLs; empty with `--no-doh`; undefined for the defaults. */
  readonly doh?: readonly string[];
  readonly authoritative: boolean;
  readonly roots?: readonly string[];
  readonly port?: number;
  readonly require: PerspectiveRequirement;
  readonly timeoutMs?: number;
  readonly json: boolean;
  readonly color?: boolean;
}

export type Parsed =
  | { readonly kind: 'check'; readonly args: CheckArgs }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage'; readonly error: string };

export const USAGE = `Usage: apexproof check <domain> [options]

Shows what every DNS perspective sees at a domain's proof record and why it does or does not match.

Record:
  --preset <kayle|acme|scaidns>  record template (default: the core's default record)
  --token <token>                the challenge token; without it, only show what is published
  --name <name> --value <value>  the full record name and expected value instead
  --previous <value>             an earlier challenge's value, recognised as an old token (repeatable)
Perspectives:
  --doh <url>                    DoH upstream (repeatable; default Cloudflare and Google)
  --no-doh                       no DoH perspective
  --no-authoritative             do not ask the zone's authoritative servers
  --roots <a,b,...>              addresses to start the authoritative walk from (default IANA roots)
  --port <n>                     port of every authoritative server (default 53)
  --require <all|any>            every perspective must see the record, or one (default all)
  --timeout <ms>                 per-query deadline (default 2000)
Output:
  --json                         one JSON document for scripts
  --color / --no-color           force colour on or off (default: only on a terminal)

Exit codes: 0 found (or shown), 1 not found, 2 lookup failed, 64 usage error.`;

const PRESETS = ['kayle', 'acme', 'scaidns'];

function positiveInt(
  raw: string | undefined,
  what: string,
  max: number,
): number | string | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= 1 && n <= max
    ? n
    : `${what} must be a whole number from 1 to ${max}`;
}

export function parseCheckArgs(argv: readonly string[]): Parsed {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { kind: 'usage', error: (error as Error).message };
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const [command, domain, ...rest] = positionals;
  if (command !== 'check')
    return { kind: 'usage', error: `unknown command ${command ?? '(none)'}` };
  if (domain === undefined || rest.length > 0)
    return { kind: 'usage', error: 'give exactly one domain' };
  if (v.preset !== undefined && !PRESETS.includes(v.preset))
    return { kind: 'usage', error: `--preset must be one of ${PRESETS.join(', ')}` };
  if (v.value !== undefined && v.name === undefined)
    return { kind: 'usage', error: '--value needs --name' };
  if (v.token !== undefined && v.value !== undefined)
    return { kind: 'usage', error: 'give --token or --value, not both' };
  if (v.require !== undefined && v.require !== 'all' && v.require !== 'any')
    return { kind: 'usage', error: '--require must be all or any' };
  const port = positiveInt(v.port, '--port', 65_535);
  const timeoutMs = positiveInt(v.timeout, '--timeout', 60_000);
  for (const n of [port, timeoutMs]) if (typeof n === 'string') return { kind: 'usage', error: n };
  if (v['no-doh'] && v.doh !== undefined) return { kind: 'usage', error: 'give --doh or --no-doh' };
  const roots = v.roots
    ?.flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  return {
    kind: 'check',
    args: {
      domain,
      preset: v.preset as RecordPresetName | undefined,
      token: v.token,
      name: v.name,
      value: v.value,
      previous: v.previous ?? [],
      doh: v['no-doh'] ? [] : v.doh,
      authoritative: !v['no-authoritative'],
      roots,
      port: port as number | undefined,
      require: (v.require ?? 'all') as PerspectiveRequirement,
      timeoutMs: timeoutMs as number | undefined,
      json: v.json ?? false,
      color: v.color ? true : v['no-color'] ? false : undefined,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      preset: { type: 'string' },
      token: { type: 'string' },
      name: { type: 'string' },
      value: { type: 'string' },
      previous: { type: 'string', multiple: true },
      doh: { type: 'string', multiple: true },
      'no-doh': { type: 'boolean' },
      'no-authoritative': { type: 'boolean' },
      roots: { type: 'string', multiple: true },
      port: { type: 'string' },
      require: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}
