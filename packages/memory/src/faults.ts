// The fault switch the memory mailer and event sink share: fail the next n calls, or every call
// until healed, with a fault the test chose.

/** Fault controls a memory adapter exposes to tests. */
export interface FaultControls<F> {
  /** Fails the next `n` calls with `fault`, then works again. */
  failNext(n: number, fault: F): void;
  /** Fails every call with `fault` until `heal()`. */
  failWith(fault: F): void;
  /** Drops any pending or standing fault. */
  heal(): void;
}

export interface FaultSchedule<F> extends FaultControls<F> {
  /** The fault for this call (consuming one of `failNext`), or undefined to work normally. */
  take(): F | undefined;
}

export function createFaultSchedule<F>(): FaultSchedule<F> {
  let standing: F | undefined;
  let pending: { remaining: number; fault: F } | undefined;
  return {
    take() {
      if (standing !== undefined) return standing;
      if (!pending || pending.remaining <= 0) return undefined;
      pending.remaining -= 1;
      const { fault } = pending;
      if (pending.remaining === 0) pending = undefined;
      return fault;
    },
    failNext(n, fault) {
      const remaining = Math.floor(n);
      pending = remaining > 0 ? { remaining, fault } : undefined;
    },
    failWith(fault) {
      standing = fault;
    },
    heal() {
      standing = undefined;
      pending = undefined;
    },
  };
}
