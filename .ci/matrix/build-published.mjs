// Bundles published-check.ts as a user's bundler would, from the packages' `exports` (dist):
// esbuild --bundle --format=esm --platform=neutral --main-fields=module,main (see
// docs/runtimes.md for why each flag). Usage: node build-published.mjs <outdir> <upstreams-json>
import { join } from 'node:path';
import { build } from 'esbuild';

const [out, upstreams] = process.argv.slice(2);
const { wire, json } = JSON.parse(upstreams);
const here = import.meta.dirname;
const entries = {
  'published.mjs':
    "import { publishedChecks } from './published-check.ts';\n" +
    'if ((await publishedChecks(globalThis.__RUNTIME__)) > 0) throw new Error("failed");\n',
  'published.worker.mjs':
    "import { publishedChecks } from './published-check.ts';\n" +
    'export default { async test() { if ((await publishedChecks("workerd")) > 0) throw new Error("failed"); } };\n',
};
for (const [file, contents] of Object.entries(entries)) {
  await build({
    stdin: { contents, resolveDir: here, loader: 'js', sourcefile: file },
    // The quickstart example depends on the packages, so they resolve from its folder.
    nodePaths: [join(here, '../../examples/quickstart/node_modules')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    define: { DOH_WIRE: JSON.stringify(wire), DOH_JSON: JSON.stringify(json) },
    outfile: join(out, file),
    logLevel: 'warning',
  });
}
