// Stage 15.2: the transaction travels with the callback. Every query started inside it — awaited
// directly, in Promise.all, after a timer, in a microtask, in a helper that was handed nothing —
// runs in the transaction; a query started anywhere else never does. Which transaction a query
// ran in is asked of the server: txid_current() is the same for every statement of one
// transaction and different for any other.
import { DB, fields, Model, TransactionEndedError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  afterQueuedWork,
  emptyTable,
  expectEqual,
  expectFailure,
  expectThat,
  Gate,
  reached,
  run,
  scalar,
  settle,
  show,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);";

class Note extends Model.table("notes", {
  id: fields.int({ primaryKey: true, generated: true }),
  body: fields.text(),
}) {}

const TXID = "SELECT txid_current()::text AS txid";

/** A helper that knows nothing of any transaction: it just uses the models. */
async function addNote(body: string): Promise<unknown> {
  await Note.create({ body });
  return scalar(TXID);
}

await stageWith([postgres], "15.2", (service) => {
  const { db, configure } = useTransactionDatabase(service, "context", SCHEMA);
  const count = async () => (await witness(db().url, "SELECT count(*)::int AS n FROM notes"))[0]?.n;
  const clear = () => emptyTable(db().url, "notes");

  test("queries started anywhere inside the callback — Promise.all, a timer, a microtask, a helper — run in the transaction", async () => {
    await clear();
    const mode = await configure({ pool: 3 });
    const sent = `${mode}; DB.transaction(async () => { txid_current() and Note.create() awaited directly, in Promise.all, after setTimeout, in queueMicrotask, in a helper; then throw })`;
    const seen: Record<string, unknown> = {};
    await settle(
      sent,
      DB.transaction(async () => {
        seen.direct = await addNote("direct");
        const [a, b, c] = await Promise.all([addNote("all 1"), addNote("all 2"), addNote("all 3")]);
        Object.assign(seen, { "Promise.all 1": a, "Promise.all 2": b, "Promise.all 3": c });
        seen.setTimeout = await new Promise((resolve, reject) => {
          setTimeout(() => addNote("timer").then(resolve, reject), 0);
        });
        seen.queueMicrotask = await new Promise((resolve, reject) => {
          queueMicrotask(() => {
            addNote("microtask").then(resolve, reject);
          });
        });
        throw new Error("roll it all back");
      }),
    );
    const txids = new Set(Object.values(seen));
    expectThat(
      `${sent}: txid_current() seen by each query`,
      Object.keys(seen).length === 6 && txids.size === 1,
      "six answers, all the same transaction id",
      show(seen),
      "DB.queryable() must find the transaction through an AsyncLocalStorage: run the callback with context.run(transaction, …), and every async step started from it sees the same store.",
    );
    expectEqual(
      `${sent}; then, from another session: SELECT count(*) FROM notes`,
      0,
      await count(),
      "Notes were committed although the callback threw: some of them were sent outside the transaction.",
    );
  });

  test("a query started outside the callback while the transaction is open runs on another session, and never sees its rows", async () => {
    await clear();
    const mode = await configure({ pool: 3 });
    const inserted = new Gate("the transaction inserted its note");
    const looked = new Gate("the outside query answered");
    const sent = `${mode}; DB.transaction(async () => { await Note.create({ body: "inside" }); … wait … }); meanwhile, outside it: Note.findMany() and txid_current()`;
    let insideTxid: unknown;
    const transaction = DB.transaction(async () => {
      await Note.create({ body: "inside" });
      insideTxid = await scalar(TXID);
      inserted.open();
      await looked.passed();
    });
    await reached(inserted, transaction, sent);
    const outside = await run(`${sent}: Note.findMany() from outside`, () => Note.findMany());
    const outsideTxid = await run(`${sent}: txid_current() from outside`, () => scalar(TXID));
    looked.open();
    await run(sent, () => transaction);
    expectEqual(
      `${sent}: the notes the outside query saw while the transaction was open`,
      [],
      outside.map((n) => n.body),
      "The outside query ran inside the transaction: the transaction must not be kept where every caller sees it (a field, a module variable), only in the AsyncLocalStorage the callback runs in.",
    );
    expectThat(
      `${sent}: transaction ids`,
      outsideTxid !== insideTxid,
      `a txid other than the transaction's ${show(insideTxid)}`,
      show(outsideTxid),
    );
    const after = await run(`${sent}; after it committed: Note.findMany()`, () => Note.findMany());
    expectEqual(
      `${sent}; after it committed: Note.findMany()`,
      ["inside"],
      after.map((n) => n.body),
    );
  });

  test("without a pool, a transaction holds the one session: a query from outside waits for it to end, and never runs inside it", async () => {
    await clear();
    const mode = await configure("one connection");
    await run(`${mode}: a first query, to open the connection`, () => Note.findMany());
    const inserted = new Gate("the transaction inserted its note");
    const queued = new Gate("the outside query was started");
    const events: string[] = [];
    const sent = `${mode}; DB.transaction(async () => { await Note.create({ body: "doomed" }); … ; throw }); meanwhile, outside it: Note.findMany()`;
    const call = DB.transaction(async () => {
      await Note.create({ body: "doomed" });
      inserted.open();
      await queued.passed();
      throw new Error("roll back");
    });
    const transaction = call.then(
      () => events.push("transaction ended"),
      () => events.push("transaction ended"),
    );
    await reached(inserted, call, sent);
    const outside = Note.findMany().then((notes) => {
      events.push("outside query answered");
      return notes.map((n) => n.body);
    });
    // Whatever the outside query would send on the shared session is sent by now.
    await afterQueuedWork();
    queued.open();
    await transaction;
    const seen = await settle(`${sent}: the outside query`, outside);
    expectEqual(
      `${sent}: what the outside query answered`,
      "resolved with []",
      showOutcome(seen),
      "The outside query ran on the one session while the transaction held it, inside the transaction. Without a pool, lend the one connection like a pool of one (SessionLock): a transaction holds it from BEGIN to COMMIT, and everyone else waits.",
    );
    expectEqual(`${sent}: the order things happened in`, ["transaction ended", "outside query answered"], events);
  });

  test("a query started inside the transaction but run after it ended fails with TransactionEndedError; the caller's own next query runs normally", async () => {
    await clear();
    const mode = await configure({ pool: 2 });
    const committed = new Gate("the transaction committed");
    const sent = `${mode}; DB.transaction(async () => { late = committed.then(() => Note.findMany()) })`;
    let late: Promise<unknown> = Promise.resolve();
    await run(sent, () =>
      DB.transaction(async () => {
        await Note.create({ body: "kept" });
        late = committed.passed().then(() => Note.findMany());
      }),
    );
    committed.open();
    await expectFailure(
      `${sent}; after it committed, the late Note.findMany()`,
      TransactionEndedError,
      () => late,
      "Mark the Transaction ended before COMMIT (and before ROLLBACK); queryable() and Transaction.query() refuse an ended one. Running the late query outside the transaction instead would commit it on its own.",
    );
    const notes = await run(`${sent}; then the caller's own Note.findMany()`, () => Note.findMany());
    expectEqual(
      `${sent}; then the caller's own Note.findMany()`,
      ["kept"],
      notes.map((n) => n.body),
      "After DB.transaction() resolves its caller is outside any transaction: only work started inside the callback carries it.",
    );
  });
});
