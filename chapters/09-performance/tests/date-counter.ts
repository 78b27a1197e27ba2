// Counts what formatting a Date costs in the code under check: Dates constructed and
// toUTCString() calls, made inside `during(…)` only — the check's own Dates (and vitest's, when
// it sets the fake clock) are not counted. Start it after vi.useFakeTimers(), which replaces the
// global Date: the count wraps whichever Date the code under check will find.

export interface DateCounter {
  /** Runs `work`, counting the Dates it makes and formats. */
  during<T>(work: () => T): T;
  /** Stops counting and puts Date back as it was. */
  stop(): { made: number; formatted: number };
}

export function countDates(): DateCounter {
  const CurrentDate = globalThis.Date;
  const prototype = Object.getPrototypeOf(new CurrentDate(0)) as Date;
  const hasOwnFormat = Object.hasOwn(prototype, "toUTCString");
  const format = prototype.toUTCString;
  let counting = false;
  let made = 0;
  let formatted = 0;
  globalThis.Date = new Proxy(CurrentDate, {
    construct(target, args) {
      if (counting) made++;
      return Reflect.construct(target, args);
    },
  });
  prototype.toUTCString = function countedToUTCString(this: Date): string {
    if (counting) formatted++;
    return format.call(this);
  };
  return {
    during(work) {
      counting = true;
      try {
        return work();
      } finally {
        counting = false;
      }
    },
    stop() {
      if (hasOwnFormat) prototype.toUTCString = format;
      else delete (prototype as Partial<Date>).toUTCString;
      globalThis.Date = CurrentDate;
      return { made, formatted };
    },
  };
}
