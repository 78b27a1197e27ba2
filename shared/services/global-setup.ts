// vitest globalSetup: runs once, in vitest's main process, before any test file. It starts the
// broker that test files ask for services (broker.ts) and stops every server at the end of the
// run. Servers start on first request; the ones named in TRILOGY_SERVICES (set by the chapter
// grader from chapter.json) start right away, in the background, while test files load.
//
// A vitest run started from inside another run (the integrity suite grades chapters in child
// vitest processes) inherits the outer broker's address and uses the outer run's servers.
import { BROKER_ENV, BrokerClient, startBroker } from "./broker.ts";
import { ServiceHost } from "./service-host.ts";
import { isServiceName, type ServiceName } from "./types.ts";

/** Comma-separated services to start eagerly, e.g. "postgres,redis". */
export const SERVICES_ENV = "TRILOGY_SERVICES";

export function servicesToWarm(value: string | undefined): ServiceName[] {
  const names = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!isServiceName(name)) throw new Error(`${SERVICES_ENV}: unknown service "${name}" (postgres, redis, kafka)`);
  }
  return names as ServiceName[];
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const warm = servicesToWarm(process.env[SERVICES_ENV]);
  const outer = process.env[BROKER_ENV];
  if (outer) {
    const client = new BrokerClient(outer);
    if (await client.alive()) {
      for (const service of warm) void client.availability(service).catch(() => undefined);
      return undefined;
    }
  }
  const host = new ServiceHost();
  const broker = await startBroker(host);
  process.env[BROKER_ENV] = broker.address;
  // Not awaited: test files that need no service run meanwhile; those that do wait for it.
  for (const service of warm) void host.get(service);
  return async () => {
    await broker.close();
    await host.stopAll();
    delete process.env[BROKER_ENV];
  };
}
