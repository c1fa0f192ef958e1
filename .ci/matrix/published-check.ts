// What a user's bundle of the published entry points does in each runtime: the quickstart
// story (core + memory, the DNS-TXT proof, takeover, redirects, re-verification) and the DoH
// main entry against the local upstream, wire and JSON. Built by .ci/matrix/build-published.mjs
// with the flags docs/runtimes.md gives, from each package's `exports` (dist), not its sources.
import { createDohResolver } from '@apexproof/doh';
import { runQuickstart } from '../../examples/quickstart/src/story.js';

declare const DOH_WIRE: string;
declare const DOH_JSON: string;

async function check(name: string, body: () => Promise<void>): Promise<boolean> {
  try {
    await body();
    console.log(`ok   ${name}`);
    return true;
  } catch (error) {
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

async function txtVia(url: string, format: 'wire' | 'json'): Promise<string> {
  const dns = createDohResolver({ upstreams: [{ url, format }], strategy: 'sequential' });
  const result = await dns.txt('_apexproof-challenge.example.com');
  if (!result.ok) throw new Error(JSON.stringify(result.failures));
  return result.answer.records.map((parts) => parts.join('')).join(',');
}

export async function publishedChecks(runtime: string): Promise<number> {
  const outcomes = [
    await check('quickstart story', async () => {
      const lines: string[] = [];
      await runQuickstart((line) => lines.push(line));
      const out = lines.join('\n');
      for (const expected of ['refused APEX_TAKEOVER_REQUIRED', 'restored 1 → active']) {
        if (!out.includes(expected)) throw new Error(`no "${expected}" in:\n${out}`);
      }
    }),
    await check('doh main entry, RFC 8484 wire', async () => {
      const got = await txtVia(DOH_WIRE, 'wire');
      if (got !== 'from the runtime') throw new Error(`got ${got}`);
    }),
    await check('doh main entry, JSON', async () => {
      const got = await txtVia(DOH_JSON, 'json');
      if (got !== 'from the json runtime') throw new Error(`got ${got}`);
    }),
  ];
  const passed = outcomes.filter(Boolean).length;
  const failed = outcomes.length - passed;
  console.log(`RESULT ${JSON.stringify({ runtime, passed, failed, skipped: 0 })}`);
  return failed;
}
