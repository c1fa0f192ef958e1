/** Time source. Tests use a manual clock; production uses the system clock. */
export interface Clock {
  /** The current instant. Must never go backwards within one process. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
