// Stage 15.6: idempotency keys. DB.idempotent(key, work) runs `work` in a transaction that also
// records the key and the result. A key completed before returns its stored result and runs
// nothing; work that fails leaves no key behind; two calls at once with one key run the work
// once, the second waiting on the first's uncommitted key row — seen from pg_stat_activity as a
// session waiting for a lock.
import { DB, fields, IDEMPOTENCY_TABLE, IDEMPOTENCY_TABLE_SQL, Model } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  eventually,
  expectEqual,
  expectThat,
  Gate,
  reached,
  run,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = `
  CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL);
  ${IDEMPOTENCY_TABLE_SQL};`;

class Order extends Model.table("orders", {
  id: fields.int({ primaryKey: true, generated: true }),
  item: fields.text(),
}) {}

await stageWith([postgres], "15.6", (service) => {
  const { db, session, configure } = useTransactionDatabase(service, "idempotency", SCHEMA);
  const reset = () => witness(db().url, `TRUNCATE orders, ${IDEMPOTENCY_TABLE}`);
  const orders = async () => (await witness(db().url, "SELECT item FROM orders ORDER BY id")).map((r) => r.item);

  test("a key already completed returns the stored result and does not run the work again; another key does", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    let runs = 0;
    const placeOrder = async () => {
      runs++;
      const order = await Order.create({ item: "book" });
      return { orderId: order.id, note: "placed" };
    };
    const sent = `${mode}; DB.idempotent("order-1", placeOrder) twice, then DB.idempotent("order-2", placeOrder)`;
    const first = await run(`${sent}: the first call`, () => DB.idempotent("order-1", placeOrder));
    const second = await run(
      `${sent}: the second call`,
      () => DB.idempotent("order-1", placeOrder),
      "The key's row is already there: INSERT … ON CONFLICT (key) DO NOTHING inserts nothing, so read the stored result instead of running the work.",
    );
    expectEqual(`${sent}: times the work ran after two calls with "order-1"`, 1, runs);
    expectEqual(
      `${sent}: what the second call returned`,
      first,
      second,
      "Store the work's result (as jsonb) in the key's row, in the same transaction, and return it to every later call.",
    );
    await run(`${sent}: a call with "order-2"`, () => DB.idempotent("order-2", placeOrder));
    expectEqual(`${sent}: times the work ran`, 2, runs);
    expectEqual(`${sent}: orders`, ["book", "book"], await orders());
  });

  test("the key is written in the work's transaction: work that fails leaves no key, and the next call runs it", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    let runs = 0;
    const sent = `${mode}; DB.idempotent("pay-1", work that creates an order and throws), then DB.idempotent("pay-1", work that succeeds)`;
    const failed = await settle(
      `${sent}: the first call`,
      DB.idempotent("pay-1", async () => {
        runs++;
        await Order.create({ item: "lost" });
        throw new Error("payment provider down");
      }),
    );
    expectThat(`${sent}: the first call`, !failed.ok, "a rejection with the work's error", showOutcome(failed));
    const keys = await witness(db().url, `SELECT key FROM ${IDEMPOTENCY_TABLE}`);
    expectEqual(
      `${sent}: after the failure, SELECT key FROM ${IDEMPOTENCY_TABLE}`,
      [],
      keys,
      "The key was recorded although the work rolled back: write it on the transaction's own session, inside the transaction, never on a session of its own.",
    );
    const second = await run(`${sent}: the second call`, () =>
      DB.idempotent("pay-1", async () => {
        runs++;
        await Order.create({ item: "paid" });
        return "ok";
      }),
    );
    expectEqual(`${sent}: the second call's result, and times the work ran`, ["ok", 2], [second, runs]);
    expectEqual(`${sent}: orders`, ["paid"], await orders());
  });

  test("two calls at once with one key run the work once: the second waits for the first, then returns its result", async () => {
    await reset();
    const mode = await configure({ pool: 3 });
    let runs = 0;
    const started = new Gate("the first call's work started");
    const finish = new Gate("the first call may finish");
    const work = async () => {
      runs++;
      started.open();
      await finish.passed();
      const order = await Order.create({ item: "ticket" });
      return { orderId: order.id };
    };
    const sent = `${mode}; DB.idempotent("ticket-1", work) twice at once`;
    const first = DB.idempotent("ticket-1", work);
    await reached(started, first, `${sent}: the first call`);
    const second = DB.idempotent("ticket-1", work);
    // Settled below; if the wait fails first, its outcome must not go unhandled.
    second.catch(() => undefined);
    // The second call must now wait on the first one's key row, and not run the work.
    const waiting = await eventually(
      {
        sent: `${sent}: while the first is inside its work`,
        expected:
          "the second call's session waiting for a lock (pg_stat_activity.wait_event_type = 'Lock'), the work not started again",
        hint: "INSERT the key first, in the transaction: a second INSERT of the same key waits on the first's uncommitted row. Reading the table first and inserting after lets both calls in.",
      },
      async () => ({
        runs,
        waitingForLock: (
          await witness(
            db().url,
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
            [session],
          )
        )[0]?.n,
      }),
      (seen) => seen.runs > 1 || seen.waitingForLock === 1,
    );
    expectEqual(`${sent}: times the work ran while the first call was inside it`, 1, waiting.runs);
    finish.open();
    const [a, b] = [await settle(`${sent}: the first call`, first), await settle(`${sent}: the second call`, second)];
    expectThat(
      `${sent}: both calls`,
      a.ok && b.ok && JSON.stringify(a.value) === JSON.stringify(b.value),
      "both resolve with the same result",
      `first ${showOutcome(a)}; second ${showOutcome(b)}`,
      "Once the first commits, the second's INSERT … ON CONFLICT DO NOTHING finds the key taken: read its result and return it.",
    );
    expectEqual(`${sent}: times the work ran, and the orders`, [1, ["ticket"]], [runs, await orders()]);
  });
});
