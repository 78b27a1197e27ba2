import type { KafkaEndpoint } from "./types.ts";
import { uniqueName } from "./unique-name.ts";

export class KafkaService {
  constructor(readonly endpoint: KafkaEndpoint) {}

  /** host:port of every bootstrap broker, for kafkajs' `brokers` option. */
  get brokers(): string[] {
    return [...this.endpoint.brokers];
  }

  /** A topic name no other test file uses: "orders" → "orders-3f9a1c0b". Auto-created on first use. */
  topic(base: string): string {
    return uniqueName(base);
  }

  /** A consumer group id no other test file uses. */
  groupId(base: string): string {
    return uniqueName(base);
  }

  /**
   * Creates a unique topic with the given partition count (auto-created topics get one) and
   * waits until it has a leader; returns its name.
   */
  async createTopic(base: string, options: { partitions?: number } = {}): Promise<string> {
    const { Kafka, logLevel } = await import("kafkajs");
    const topic = this.topic(base);
    const admin = new Kafka({
      brokers: this.brokers,
      clientId: "trilogy-services",
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions ?? 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    return topic;
  }
}
