/** Time source. Tests use a manual clock; production uses the system clock. */
export interface Clock {
  /** The current instant. Must never go backwards within one process. */
  now(): Date;
}

/**
 * The process's own clock (`new Date()`): the default when `ApexproofDeps.clock` is absent. Tests
 * use `ManualClock` from `@apexproof/memory`.
 */
export const systemClock: Clock = { now: () => new Date() };
