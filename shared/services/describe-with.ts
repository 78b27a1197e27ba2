// Declaring a suite that needs services. At the top level of a test file:
//
//   await describeWith([postgres, redis], "cache in front of the database", (pg, rd) => { … });
//
// The services are obtained while the file is collected; the suite then runs with them. If one
// cannot be had on this machine, the suite is reported as skipped, its title saying what to
// install — except under CI, where the error is thrown and the file fails.
import { describe, it } from "vitest";
import { ServiceUnavailableError } from "./service-unavailable.ts";

type Acquire = () => Promise<unknown>;
type Acquired<A extends readonly Acquire[]> = { [K in keyof A]: Awaited<ReturnType<A[K]>> };

export async function describeWith<const A extends readonly Acquire[]>(
  acquire: A,
  title: string,
  body: (...services: Acquired<A>) => void,
): Promise<void> {
  let services: Acquired<A>;
  try {
    services = (await Promise.all(acquire.map((a) => a()))) as Acquired<A>;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError) || error.fatal) throw error;
    describe.skip(title, () => {
      it(`skipped: ${error.message}`, () => undefined);
    });
    return;
  }
  describe(title, () => body(...services));
}
