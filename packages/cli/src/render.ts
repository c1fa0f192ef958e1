// The report as a support agent pastes it into a ticket: short, exact, one line per
// perspective, the diagnosis in plain words. Colour only where asked for (a terminal).
import { inspect } from 'node:util';
import type { DnsDiagnosisHint } from '@apexproof/core';
import type { CheckReport, PerspectiveLine } from './check.js';

type Paint = (style: 'green' | 'red' | 'yellow' | 'bold' | 'dim', text: string) => string;

// The caller decides whether colour is wanted (the stream it writes to may not be ours), so
// the ANSI codes come from node's own table rather than a helper that checks process.stdout.
export const painter = (color: boolean): Paint =>
  color
    ? (style, text) => {
        const [open, close] = inspect.colors[style] ?? [0, 0];
        return `\u001b[${open}m${text}\u001b[${close}m`;
      }
    : (_style, text) => text;

const quote = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) =>
  values.length === 0 ? 'nothing' : values.map(quote).join(', ');

/** One hint of the core's diagnosis in plain words. */
export function explain(hint: DnsDiagnosisHint, report: CheckReport): string {
  const name = report.record.name;
  switch (hint.kind) {
    case 'no_record':
      return `There is no TXT record at ${name}.`;
    case 'domain_does_not_exist':
      return `The domain ${report.domain} does not exist in DNS.`;
    case 'value_quoted_or_padded':
      return `A record holds the value with quotes or spaces around it (${quote(hint.value)}); publish it without them.`;
    case 'old_challenge_token':
      return 'A record holds the token of an earlier challenge; replace it with the current one.';
    case 'zone_appended_twice':
      return `The record is at ${hint.name}: the DNS panel added the zone to a name that already had it. Enter only the host label.`;
    case 'record_at_apex':
      return `The record is at ${hint.name} itself, not at ${name}.`;
    case 'cname_elsewhere':
      return `${name} is a CNAME to ${hint.target}; the TXT record must be at ${name} itself.`;
    case 'value_mismatch':
      return 'TXT records are there, but none has the expected value.';
    case 'stale_server':
      return `${hint.resolver} still serves ${list(hint.found)}.`;
  }
}

function line(p: PerspectiveLine, paint: Paint): string {
  if (p.status === 'failed')
    return `  ${paint('yellow', '!')} ${p.resolver}: ${p.kind}: ${p.detail}`;
  const mark = p.matches === null ? '-' : p.matches ? paint('green', '✓') : paint('red', '✗');
  const via = p.cnameChain.length > 0 ? ` (via CNAME ${p.cnameChain.join(' -> ')})` : '';
  const seen = p.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : list(p.values);
  return `  ${mark} ${p.resolver}: ${seen}${via}`;
}

const VERDICT = {
  found: ['green', 'FOUND'],
  shown: ['bold', 'SHOWN'],
  missing: ['red', 'NOT FOUND'],
  'lookup-failed': ['yellow', 'LOOKUP FAILED'],
} as const;

export function renderText(report: CheckReport, color: boolean): string {
  const paint = painter(color);
  const [style, word] = VERDICT[report.outcome];
  const out = [
    `${paint('bold', 'record')}   ${report.record.name} TXT`,
    ...(report.record.expected === null
      ? []
      : [`${paint('bold', 'expected')} ${quote(report.record.expected)}`]),
    `${paint('bold', 'seen by')}  (${report.require === 'all' ? 'every perspective must see it' : 'one perspective is enough'})`,
    ...report.perspectives.map((p) => line(p, paint)),
    `${paint(style, word)}: ${report.message}`,
    ...(report.diagnosis?.hints ?? []).map((h) => `  - ${explain(h, report)}`),
  ];
  if (report.outcome === 'lookup-failed')
    out.push('  Nothing was counted against the domain: try again shortly.');
  return `${out.join('\n')}\n`;
}

export const renderJson = (report: CheckReport): string => `${JSON.stringify(report, null, 2)}\n`;
