// How several upstreams combine into one result. A definitive answer is NOERROR or NXDOMAIN;
// everything else is a failure that lets the next upstream try. When no answer can be given,
// the result lists one failure per upstream that was asked, in upstream order.
import type { DnsAnswer, DnsLookupFailure, DnsResult } from '@apexproof/core';
import type { Upstream, UpstreamOutcome } from './upstream.js';

export type Ask<R> = (upstream: Upstream, cancel: AbortSignal) => Promise<UpstreamOutcome<R>>;

const failuresOf = (list: (DnsLookupFailure | undefined)[]): DnsLookupFailure[] =>
  list.filter((f): f is DnsLookupFailure => f !== undefined);

/** Asks one upstream after the other; the next only after the previous failed. */
export async function sequential<R>(
  upstreams: readonly Upstream[],
  ask: Ask<R>,
): Promise<DnsResult<R>> {
  const failures: DnsLookupFailure[] = [];
  for (const upstream of upstreams) {
    const outcome = await ask(upstream, new AbortController().signal);
    if (outcome.ok) return outcome;
    failures.push(outcome.failure);
  }
  return { ok: false, failures };
}

/**
 * Asks the first upstream; whenever `delayMs` passes without a definitive answer, or every
 * upstream asked so far has failed, asks the next one too. The first definitive answer wins
 * and the requests still in flight are aborted.
 */
export function hedged<R>(
  upstreams: readonly Upstream[],
  ask: Ask<R>,
  delayMs: number,
): Promise<DnsResult<R>> {
  return new Promise((resolve) => {
    const controllers: AbortController[] = [];
    const failures: (DnsLookupFailure | undefined)[] = [];
    let launched = 0;
    let running = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const settle = (result: DnsResult<R>) => {
      settled = true;
      clearTimeout(timer);
      for (const controller of controllers) controller.abort();
      resolve(result);
    };
    const launch = () => {
      if (settled || launched >= upstreams.length) return;
      const index = launched++;
      const upstream = upstreams[index] as Upstream;
      const controller = new AbortController();
      controllers.push(controller);
      running++;
      clearTimeout(timer);
      if (launched < upstreams.length) timer = setTimeout(launch, delayMs);
      void ask(upstream, controller.signal).then((outcome) => {
        running--;
        if (settled) return;
        if (outcome.ok) return settle(outcome);
        failures[index] = outcome.failure;
        if (launched < upstreams.length) launch();
        else if (running === 0) settle({ ok: false, failures: failuresOf(failures) });
      });
    };
    launch();
  });
}

/** The identity of an answer for agreement: RCODE and the record set, order-insensitive. */
export function answerKey<R>(answer: DnsAnswer<R>): string {
  const records = answer.records.map((r) => JSON.stringify(r)).sort();
  return JSON.stringify([answer.rcode, [...new Set(records)]]);
}

/**
 * Asks every upstream at once; succeeds as soon as `k` of them return the same answer (RCODE
 * and record set). Otherwise, once all have finished, fails with one entry per upstream: its
 * own failure, or a `disagreement` naming the answer it gave.
 */
export function quorum<R>(
  upstreams: readonly Upstream[],
  ask: Ask<R>,
  k: number,
): Promise<DnsResult<R>> {
  return new Promise((resolve) => {
    const controllers = upstreams.map(() => new AbortController());
    const answers: (DnsAnswer<R> | undefined)[] = [];
    const failures: (DnsLookupFailure | undefined)[] = [];
    const groups = new Map<string, number[]>();
    let pending = upstreams.length;
    let settled = false;

    const settle = (result: DnsResult<R>) => {
      settled = true;
      for (const controller of controllers) controller.abort();
      resolve(result);
    };
    const agreed = (members: number[]) => {
      const agreeing = members.map((i) => answers[i] as DnsAnswer<R>);
      const answer: DnsAnswer<R> = {
        ...(agreeing[0] as DnsAnswer<R>),
        authenticated: agreeing.every((a) => a.authenticated),
        resolvers: members.map((i) => (upstreams[i] as Upstream).name),
      };
      settle({ ok: true, answer });
    };
    const missed = () => {
      const best = Math.max(0, ...[...groups.values()].map((g) => g.length));
      const list = upstreams.map((upstream, index): DnsLookupFailure | undefined => {
        const answer = answers[index];
        if (answer === undefined) return failures[index];
        const said = `${answer.rcode} ${JSON.stringify(answer.records)}`;
        const detail = `answered ${said}; at most ${best} of the required ${k} upstreams agreed`;
        return { kind: 'disagreement', resolver: upstream.name, detail };
      });
      settle({ ok: false, failures: failuresOf(list) });
    };
    upstreams.forEach((upstream, index) => {
      void ask(upstream, (controllers[index] as AbortController).signal).then((outcome) => {
        pending--;
        if (settled) return;
        if (outcome.ok) {
          answers[index] = outcome.answer;
          const key = answerKey(outcome.answer);
          const members = [...(groups.get(key) ?? []), index];
          groups.set(key, members);
          if (members.length >= k) return agreed(members);
        } else {
          failures[index] = outcome.failure;
        }
        if (pending === 0) missed();
      });
    });
  });
}
