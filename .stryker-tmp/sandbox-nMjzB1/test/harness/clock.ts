/** A fake clock: `sleep` advances time instantly and records each wait. */
// @ts-nocheck

export interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  readonly sleeps: number[];
  /** Run `fn` when the clock passes `at` ms (e.g. raise an alarm mid-bake, abort mid-update). */
  at(at: number, fn: () => void): void;
}

export function fakeClock(start = Date.parse("2026-11-28T04:00:00Z")): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    sleeps,
    async sleep(ms: number) {
      sleeps.push(ms);
      t += ms;
      for (const timer of timers.filter((x) => x.at <= t - start)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
    at(at, fn) {
      timers.push({ at, fn });
    },
  };
}
