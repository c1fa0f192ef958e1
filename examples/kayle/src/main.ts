// `pnpm start`: the Kayle ID API on 127.0.0.1 with in-memory adapters and the DNS sandbox.
import { ACME_ORG_ID, createDeps, createServer } from './app.js';

const port = Number(process.env.PORT ?? 8787);
const server = createServer(createDeps(), { sandbox: true });
server.listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${port}`;
  const as = `-H 'x-org-id: ${ACME_ORG_ID}' -H 'x-user-id: alice' -H 'content-type: application/json'`;
  console.log(`Kayle ID example listening on ${base} (actor headers stand in for real auth)

# 1. start a challenge (note challenge_id, record.name and record.value)
curl -s ${as} -d '{"domain":"app.acme.co"}' ${base}/v1/auth/orgs/domains/challenges/dns
# 2. publish the record in the sandbox zone (a real user edits their DNS panel)
curl -s -X PUT -H 'content-type: application/json' -d '{"name":"_kayle-id-verification.acme.co","values":["<record.value>"]}' ${base}/sandbox/dns/txt
# 3. verify
curl -s ${as} -d '{"challenge_id":"<challenge_id>"}' ${base}/v1/auth/orgs/domains/challenges/dns/verify
# 4. list, then create a session with a redirect URL on the verified domain
curl -s ${as} ${base}/v1/auth/orgs/domains
curl -s ${as} -d '{"redirect_url":"https://app.acme.co/callback"}' ${base}/v1/sessions`);
});
