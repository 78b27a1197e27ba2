// Declaring a suite that needs services. At the top level of a test file:
//
//   await describeWith([postgres, redis], "cache in front of the database", (pg, rd) => { … });
//
// The services are obtained while the file is collected; the suite then runs with them. If one
// cannot be had on this machine, the suite is reported as skipped, its title saying what to
// install — except under CI, where the error is thrown and the file fails.
import { describe, it } from "vitest";
import { SKIPPED_PREFIX } from "../check/result.ts";
import { ServiceUnavailableError } from "./service-unavailable.ts";

export type Acquire = () => Promise<unknown>;
export type Acquired<A extends readonly Acquire[]> = { [K in keyof A]: Awaited<ReturnType<A[K]>> };

/**
 * The services, or undefined when this machine cannot provide one and the run may skip it
 * (locally; under CI=true the error is thrown instead). `onSkip` gets the one-line reason.
 */
export async function acquireOrSkip<const A extends readonly Acquire[]>(
  acquire: A,
  onSkip: (reason: string) => void,
): Promise<Acquired<A> | undefined> {
  try {
    return (await Promise.all(acquire.map((a) => a()))) as Acquired<A>;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError) || error.fatal) throw error;
    onSkip(error.message);
    return undefined;
  }
}

export async function describeWith<const A extends readonly Acquire[]>(
  acquire: A,
  title: string,
  body: (...services: Acquired<A>) => void,
): Promise<void> {
  const services = await acquireOrSkip(acquire, (reason) => {
    describe.skip(title, () => {
      it(`${SKIPPED_PREFIX}${reason}`, () => undefined);
    });
  });
  if (!services) return;
  describe(title, () => body(...services));
}
