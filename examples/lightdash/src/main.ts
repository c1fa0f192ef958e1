// `pnpm start`: the Lightdash domain-verification API on 127.0.0.1 with in-memory adapters.
// Codes go to the in-memory mailer; this demo prints each one so you can confirm it.
import type { Mailer } from '@apexproof/core';
import { createDeps, createServer } from './app.js';

const port = Number(process.env.PORT ?? 8080);
const deps = createDeps();
const mailer: Mailer = {
  async send(mail) {
    console.log(`\n[mail to ${mail.to}] ${mail.subject}\n${mail.text}\n`);
    return deps.mailer.send(mail);
  },
};
createServer({ ...deps, mailer }).listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${port}`;
  const as = "-H 'x-org-id: org_acme' -H 'x-user-id: alice' -H 'content-type: application/json'";
  console.log(`Lightdash example listening on ${base} (actor headers stand in for real auth)

# 1. request a passcode at an address of the domain (it is printed here, as if mailed)
curl -s ${as} -d '{"domain":"acme.co","challengeEmail":"admin@acme.co"}' ${base}/api/v1/org/domains/verify
# 2. confirm it
curl -s ${as} -d '{"domain":"acme.co","code":"<code>"}' ${base}/api/v1/org/domains/verify/confirm
# 3. status
curl -s ${as} ${base}/api/v1/org/domains/acme.co/verification`);
});
