// `pnpm exec tsx scripts/fetch-kafka.ts`: puts the Apache Kafka broker jars (and everything they
// need at run time) into the per-machine cache, from Maven Central. Run once; later runs return
// at once. Prints the libs directory.
import { fetchKafkaJars } from "../shared/services/kafka-jars.ts";

try {
  const libs = await fetchKafkaJars((line) => process.stderr.write(`fetch-kafka: ${line}\n`));
  process.stdout.write(`${libs}\n`);
} catch (error) {
  process.stderr.write(`fetch-kafka: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
