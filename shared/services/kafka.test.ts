// Self-test of the services layer against a real Kafka broker, through kafkajs (the client the
// course uses): produce, consume in a consumer group, commit, and resume after a restart.
import { type Consumer, Kafka, type KafkaMessage, logLevel, Partitioners } from "kafkajs";
import { expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { kafka } from "./index.ts";

const MESSAGES = ["m0", "m1", "m2", "m3", "m4", "m5"];
/** The first consumer handles and commits this many messages, then stops. */
const FIRST_BATCH = 3;

/** Runs `consumer` until `wanted` messages arrived; commits each one that `commit` accepts. */
function consume(
  consumer: Consumer,
  topic: string,
  wanted: number,
  commit: (index: number) => boolean,
): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
          if (seen.length >= wanted) return;
          seen.push(message.value?.toString() ?? "");
          if (commit(seen.length - 1)) {
            // The committed offset is the next one to read, hence + 1.
            await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          }
          if (seen.length === wanted) resolve(seen);
        },
      })
      .catch(reject);
  });
}

await describeWith([kafka], "kafka service", (server) => {
  it("resumes a consumer group from its committed offset after a restart", async () => {
    const client = new Kafka({ brokers: server.brokers, clientId: "services-self-test", logLevel: logLevel.NOTHING });
    const topic = server.topic("self-test");
    const groupId = server.groupId("self-test");

    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: MESSAGES.map((value) => ({ value })) });
    await producer.disconnect();

    const first = client.consumer({ groupId });
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    const firstSeen = await consume(first, topic, FIRST_BATCH, () => true);
    await first.disconnect();
    expect(firstSeen).toEqual(MESSAGES.slice(0, FIRST_BATCH));

    const admin = client.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(offsets?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: String(FIRST_BATCH) })]);

    const restarted = client.consumer({ groupId });
    await restarted.connect();
    await restarted.subscribe({ topic, fromBeginning: true });
    const rest = await consume(restarted, topic, MESSAGES.length - FIRST_BATCH, () => true);
    await restarted.disconnect();
    expect(rest).toEqual(MESSAGES.slice(FIRST_BATCH));
  });

  it("creates unique topics with the requested partitions", async () => {
    const topic = await server.createTopic("partitioned", { partitions: 3 });
    const admin = new Kafka({ brokers: server.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
    expect(server.topic("x")).not.toBe(server.topic("x"));
  });
});
