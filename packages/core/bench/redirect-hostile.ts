// Hostile inputs of the redirect benchmark (issue #10): each is timed against `new URL()` of the
// same string in the same round, so the ratio says what the policy adds to the parse it needs.
import {
  compileRedirectPolicy,
  parseRedirectPattern,
  type RedirectPolicyPattern,
} from '../src/index.js';

export interface HostileCase {
  readonly label: string;
  readonly task: string;
  readonly baseline: string;
  readonly batch: number;
}

/**
 * 10 000 prefixes on one host, up to the 32-segment cap and of ~390 distinct lengths (the old
 * per-length walk hashed one slice per distinct length at every `/` of the path).
 */
function distinctLengthPatterns(): RedirectPolicyPattern[] {
  return Array.from({ length: 10_000 }, (_, i) => ({
    id: `p${i}`,
    domainId: 'acme',
    host: 'acme.co',
    pathPrefix: `/${'a/'.repeat(i % 31)}${'b'.repeat(1 + Math.floor(i / 31))}`,
  }));
}

export function hostileTasks(): { tasks: Record<string, () => void>; cases: HostileCase[] } {
  const empty = compileRedirectPolicy({ domains: [], patterns: [] });
  const acme = compileRedirectPolicy({ domains: [{ id: 'acme', apex: 'acme.co' }], patterns: [] });
  const deep = compileRedirectPolicy({
    domains: [{ id: 'acme', apex: 'acme.co' }],
    patterns: distinctLengthPatterns(),
  });
  const inputs: { label: string; text: string; run: (text: string) => unknown; batch: number }[] = [
    {
      label: "host `'a.'.repeat(8000) + 'evil.com'`, empty policy",
      text: `https://${'a.'.repeat(8000)}evil.com/`,
      run: (t) => empty.authorize(t),
      batch: 5,
    },
    {
      label: "host `'a.'.repeat(2000) + 'acme.co'` (under the URL cap), acme.co verified",
      text: `https://${'a.'.repeat(2000)}acme.co/`,
      run: (t) => acme.authorize(t),
      batch: 5,
    },
    {
      label: 'host of 120 labels (248 octets), acme.co verified',
      text: `https://${'a.'.repeat(120)}acme.co/x`,
      run: (t) => acme.authorize(t),
      batch: 20,
    },
    {
      label: '10,000 prefixes (~390 distinct lengths), path of 4,000 segments',
      text: `https://acme.co/${'a/'.repeat(4000)}x`,
      run: (t) => deep.authorize(t),
      batch: 5,
    },
    {
      label: 'path of 1,000,000 characters',
      text: `https://acme.co/${'a'.repeat(1_000_000)}`,
      run: (t) => acme.authorize(t),
      batch: 1,
    },
    {
      label: '`parseRedirectPattern`, path of 1,000,000 characters',
      text: `https://acme.co/${'a'.repeat(1_000_000)}`,
      run: (t) => parseRedirectPattern(t),
      batch: 1,
    },
  ];
  const tasks: Record<string, () => void> = {};
  const cases: HostileCase[] = [];
  let sink = 0;
  inputs.forEach(({ label, text, run, batch }, i) => {
    const task = `hostile ${i}`;
    const baseline = `hostile ${i}: new URL()`;
    tasks[baseline] = () => {
      for (let k = 0; k < batch; k++) sink += new URL(text).host.length;
    };
    tasks[task] = () => {
      for (let k = 0; k < batch; k++) if (run(text)) sink++;
    };
    cases.push({ label, task, baseline, batch });
  });
  tasks['hostile: sink'] = () => {
    if (sink < 0) throw new Error('unreachable');
  };
  return { tasks, cases };
}
