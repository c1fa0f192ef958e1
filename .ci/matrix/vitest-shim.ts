// A small stand-in for `vitest` so that the core's and memory's tests run unchanged in runtimes
// vitest cannot run in (Deno, Bun, workerd): the bundler aliases `vitest` to this file. It keeps
// vitest's own `expect` (from @vitest/expect on chai, as vitest builds it) and spies
// (@vitest/spy), and runs describe/it/hooks in order, one test at a time. No snapshots, no fake
// timers: test files that need those, or any Node API, are left out by the bundler script.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  GLOBAL_EXPECT,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import * as spy from '@vitest/spy';
import * as chai from 'chai';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Fn = () => unknown;
// biome-ignore lint/suspicious/noExplicitAny: the expect function is typed by vitest, not here
export const expect: any = (value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
// biome-ignore lint/suspicious/noExplicitAny: untyped global slot, as in vitest
Object.assign(expect, (globalThis as any)[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (state: object) => setState(state, expect);
expect.extend = (matchers: object) => chai.expect.extend(expect, matchers);
expect.assert = chai.assert;
expect.unreachable = (message?: string) =>
  chai.assert.fail(`expected not to be reached ${message ?? ''}`);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    testPath: '',
    currentTestName: '',
  },
  expect,
);
// biome-ignore lint/suspicious/noExplicitAny: untyped global slot, as in vitest
(globalThis as any)[GLOBAL_EXPECT] = expect;

export const vi = {
  fn: spy.fn,
  spyOn: spy.spyOn,
  restoreAllMocks: spy.restoreAllMocks,
};

interface Suite {
  name: string;
  skip: boolean;
  children: (Suite | Test)[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}
interface Test {
  name: string;
  skip: boolean;
  fn: Fn;
}

const root: Suite = newSuite('', false);
let current = root;
let file = '';

function newSuite(name: string, skip: boolean): Suite {
  return { name, skip, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

/** Called by the generated entry before each test file's module runs. */
export function startFile(name: string) {
  file = name;
  current = newSuite(name, false);
  root.children.push(current);
}

const format = (name: string, args: unknown[]) => {
  let i = 0;
  return name.replace(/%[sdijo#%]/g, (m) =>
    m === '%%' ? '%' : m === '%#' ? String(i) : String(args[i++]),
  );
};

function makeDescribe(skip: boolean) {
  // vitest also takes `describe(name, options, fn)` and `describe(name, fn, options)`.
  const describe = (name: string, a: Fn | object, b?: Fn | object) => {
    const fn = (typeof a === 'function' ? a : b) as Fn;
    const parent = current;
    const suite = newSuite(name, skip || parent.skip);
    parent.children.push(suite);
    current = suite;
    try {
      fn();
    } finally {
      current = parent;
    }
  };
  describe.each = (cases: unknown[]) => (name: string, fn: (...args: unknown[]) => void) => {
    for (const c of cases) {
      const args = Array.isArray(c) ? c : [c];
      describe(format(name, args), () => fn(...args));
    }
  };
  return describe;
}

function makeTest(skip: boolean) {
  const test = (name: string, fn?: Fn | object, maybeFn?: Fn) => {
    const body = typeof fn === 'function' ? fn : maybeFn;
    current.children.push({ name, skip: skip || current.skip || !body, fn: body ?? (() => {}) });
  };
  test.each = (cases: unknown[]) => (name: string, fn: (...args: unknown[]) => unknown) => {
    cases.forEach((c, index) => {
      const args = Array.isArray(c) ? c : [c];
      const title = name.replace('%#', String(index));
      test(format(title, args), () => fn(...args));
    });
  };
  return test;
}

const conditional = <T>(run: T, skip: T) => ({
  skip,
  skipIf: (condition: unknown) => (condition ? skip : run),
  runIf: (condition: unknown) => (condition ? run : skip),
});
export const describe = Object.assign(
  makeDescribe(false),
  conditional(makeDescribe(false), makeDescribe(true)),
);
export const it = Object.assign(makeTest(false), conditional(makeTest(false), makeTest(true)), {
  todo: (name: string) => makeTest(true)(name),
});
export const test = it;
export const beforeAll = (fn: Fn) => current.beforeAll.push(fn);
export const afterAll = (fn: Fn) => current.afterAll.push(fn);
export const beforeEach = (fn: Fn) => current.beforeEach.push(fn);
export const afterEach = (fn: Fn) => current.afterEach.push(fn);
// Type assertions are checked by `tsc`; at run time every chain is a no-op.
// biome-ignore lint/suspicious/noExplicitAny: a chain of any shape
const typeChain: any = new Proxy(() => typeChain, { get: () => typeChain });
export const expectTypeOf = () => typeChain;

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

async function runSuite(
  suite: Suite,
  path: string[],
  outer: { before: Fn[][]; after: Fn[][] },
  sum: Summary,
) {
  const label = [...path, suite.name].filter(Boolean);
  const hooks = {
    before: [...outer.before, suite.beforeEach],
    after: [suite.afterEach, ...outer.after],
  };
  const fail = (name: string, error: unknown) => {
    sum.failed += 1;
    const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    sum.failures.push(
      `${[...label, name].join(' > ')}: ${text.split('\n').slice(0, 6).join('\n')}`,
    );
  };
  const runnable = suite.children.some((c) => ('fn' in c ? !c.skip : true));
  try {
    if (runnable && !suite.skip) for (const h of suite.beforeAll) await h();
  } catch (error) {
    fail('beforeAll', error);
    return;
  }
  for (const child of suite.children) {
    if (!('fn' in child)) {
      await runSuite(child, label, hooks, sum);
      continue;
    }
    if (child.skip) {
      sum.skipped += 1;
      continue;
    }
    setState({ assertionCalls: 0, currentTestName: child.name, testPath: file }, expect);
    let error: unknown;
    let failed = false;
    try {
      for (const group of hooks.before) for (const h of group) await h();
      await child.fn();
    } catch (e) {
      [failed, error] = [true, e];
    }
    try {
      for (const group of hooks.after) for (const h of group) await h();
    } catch (e) {
      if (!failed) [failed, error] = [true, e];
    }
    if (failed) fail(child.name, error);
    else sum.passed += 1;
  }
  try {
    if (runnable && !suite.skip) for (const h of suite.afterAll) await h();
  } catch (error) {
    fail('afterAll', error);
  }
}

/** Runs every registered test; `RESULT {json}` is the line the CI script reads. */
export async function runAll(runtime: string): Promise<Summary> {
  const sum: Summary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  await runSuite(root, [], { before: [], after: [] }, sum);
  for (const f of sum.failures) console.log(`FAIL ${f}`);
  console.log(`${runtime}: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  console.log(
    `RESULT ${JSON.stringify({ runtime, passed: sum.passed, failed: sum.failed, skipped: sum.skipped })}`,
  );
  return sum;
}
