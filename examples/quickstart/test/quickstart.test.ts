import { expect, it } from 'vitest';
import { runQuickstart } from '../src/story.js';

it('tells the whole story without a failure', async () => {
  const lines: string[] = [];
  await runQuickstart((line) => lines.push(line));
  const out = lines.join('\n');
  expect(out).toContain('refused DNS_NOT_PROPAGATED');
  expect(out).toContain('refused APEX_TAKEOVER_REQUIRED');
  expect(out).toContain('Rival holds acme.co (taken from Acme Inc)');
  expect(out).toContain('to alice@acme.co: "acme.co was transferred to another organization"');
  expect(out).toContain('same id: true');
  expect(out).toMatch(/accepted\s+https:\/\/app\.acme\.co\/oauth\/callback/);
  expect(out).toMatch(
    /refused REDIRECT_URL_PATTERN_NOT_REGISTERED\s+https:\/\/app\.acme\.co\/oauthx/,
  );
  expect(out).toMatch(/→ downgraded \(misses 3\)/);
  expect(out).toContain('restored 1 → active');
});
