// Fails when a published declaration exposes `any`: walks every type reachable from every
// export of every package's `exports` map (built `dist/*.d.ts`), through properties, call
// signatures, index signatures, unions and type arguments, and reports each `any` with its path.
// Types declared outside the workspace (neverthrow, undici, …) are not walked into, but `any`
// passed to them as a type argument is still found. An import that does not resolve also reads
// as `any` to the compiler, so a declaration needing an undeclared peer (e.g. `node:tls` without
// `@types/node`) fails here too: the program is built with no ambient types besides the lib.
// Usage: node scripts/check-public-types.mjs [--types node] — prints one line per entry point
// (`ok` / `FAIL`) and exits 1 on any failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const typesArg = process.argv.indexOf('--types');
const ambient = typesArg > 0 ? process.argv[typesArg + 1].split(',') : [];

const entries = [];
for (const folder of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', folder);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target === 'object' && target.types) {
      entries.push({ name: `${pkg.name}${sub.slice(1)}`, file: join(dir, target.types) });
    }
  }
}

const program = ts.createProgram(
  entries.map((e) => e.file),
  {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ambient,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();
const ours = (decl) => {
  const file = decl.getSourceFile().fileName;
  return file.startsWith(join(root, 'packages')) && !file.includes('/node_modules/');
};

function findAny(type, path, seen, found) {
  if (found.length >= 20) return;
  if (type.flags & ts.TypeFlags.Any) {
    found.push(path);
    return;
  }
  if (seen.has(type)) return;
  seen.add(type);
  if (type.isUnionOrIntersection()) {
    for (const t of type.types) findAny(t, path, seen, found);
    return;
  }
  for (const arg of checker.getTypeArguments?.(type) ?? []) findAny(arg, `${path}<>`, seen, found);
  if (type.aliasTypeArguments) {
    for (const arg of type.aliasTypeArguments) findAny(arg, `${path}<>`, seen, found);
  }
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declared = symbol?.declarations ?? [];
  if (!(type.flags & ts.TypeFlags.Object) || (declared.length > 0 && !declared.some(ours))) return;
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (decl && !ours(decl)) continue;
    findAny(checker.getTypeOfSymbol(prop), `${path}.${prop.name}`, seen, found);
  }
  const signatures = [
    ...type.getCallSignatures().map((s) => ['()', s]),
    ...type.getConstructSignatures().map((s) => ['new()', s]),
  ];
  for (const [mark, sig] of signatures) {
    for (const p of sig.getParameters()) {
      findAny(checker.getTypeOfSymbol(p), `${path}${mark}(${p.name})`, seen, found);
    }
    findAny(sig.getReturnType(), `${path}${mark}=>`, seen, found);
  }
  for (const info of checker.getIndexInfosOfType(type))
    findAny(info.type, `${path}[]`, seen, found);
}

let failed = 0;
for (const entry of entries) {
  const source = program.getSourceFile(entry.file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) {
    console.log(`FAIL ${entry.name}: ${relative(root, entry.file)} is missing (run pnpm build)`);
    failed += 1;
    continue;
  }
  const found = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const seen = new Set();
    if (
      symbol.flags &
      (ts.SymbolFlags.Type | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)
    ) {
      findAny(checker.getDeclaredTypeOfSymbol(symbol), exported.name, seen, found);
    }
    if (symbol.flags & ts.SymbolFlags.Value) {
      findAny(checker.getTypeOfSymbol(symbol), exported.name, seen, found);
    }
  }
  if (found.length === 0) console.log(`ok   ${entry.name}`);
  else {
    failed += 1;
    console.log(`FAIL ${entry.name}: any at ${[...new Set(found)].join(', ')}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
