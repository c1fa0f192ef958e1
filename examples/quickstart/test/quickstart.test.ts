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
  // A pending challenge verified by the scheduler, and its notice.
  expect(out).toContain('checkPending: checked 1, verified 1');
  expect(out).toContain('"acme.dev is now verified"');
  // The events, each through a signature check.
  expect(out).toMatch(/delivered \d+ events/);
  expect(out).toMatch(/domain\.taken_over\s+acme\.co\s+\(org_rival\)/);
  expect(out).toMatch(/domain\.downgraded\s+acme\.co/);
  expect(out).toMatch(/domain\.verified\s+acme\.dev\s+\(org_acme\)/);
});
