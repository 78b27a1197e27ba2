// Can this machine give a chapter's checks their services, and how? Asked by `pnpm lab`, to tell
// a learner before their first check, and by `pnpm check`, to say in one line what is missing
// instead of running checks that would all be skipped. Nothing is started: this is the decision
// the services host makes (resolve-strategy.ts), without acting on it.
import { howToGet, SERVICE_TITLES } from "./install-hints.ts";
import { type ResolutionFacts, resolveStrategy } from "./resolve-strategy.ts";
import { defaultFacts } from "./service-host.ts";
import type { ServiceName } from "./types.ts";

export type Readiness =
  | { service: ServiceName; ready: true; how: string }
  | { service: ServiceName; ready: false; howToGet: string };

export async function readiness(service: ServiceName, facts: ResolutionFacts = defaultFacts()): Promise<Readiness> {
  const resolution = await resolveStrategy(service, facts);
  switch (resolution.kind) {
    case "env":
      return { service, ready: true, how: `the checks use the server at ${resolution.variable}` };
    case "docker":
      return { service, ready: true, how: "each check run starts its own in a container (Docker, Testcontainers)" };
    case "local":
      return { service, ready: true, how: "each check run starts its own from this machine's binaries" };
    case "unavailable":
      return { service, ready: false, howToGet: howToGet(service) };
  }
}

/** The one line for a chapter whose checks need a service this machine cannot provide. */
export function missingServiceLine(chapterId: string, service: ServiceName): string {
  return `chapter ${chapterId} is checked against a real ${SERVICE_TITLES[service]}, and none can be started here: ${howToGet(service)}`;
}
