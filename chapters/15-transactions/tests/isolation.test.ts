// Stage 15.4: isolation levels as an option, and what each one is for. Every anomaly is staged
// with two real sessions whose steps are ordered by gates — one transaction reads, the other
// writes and commits, the first reads again — and shown twice: happening at the weaker level,
// and prevented (or turned into 40001) at the stronger one (docs §13.2, table 13.1).
import {
  DatabaseError,
  DB,
  type IsolationLevel,
  SerializationFailure,
  type TransactionOptions,
} from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectThat,
  Gate,
  type Outcome,
  reached,
  run,
  scalar,
  settle,
  show,
  showError,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = `
  CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL);
  CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean NOT NULL);`;

const RESET = `
  TRUNCATE accounts, doctors;
  INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100);
  INSERT INTO doctors VALUES ('alice', true), ('bob', true);`;

const SERIALIZATION_HINT =
  "The level goes in the BEGIN itself: BEGIN ISOLATION LEVEL REPEATABLE READ (or SERIALIZABLE). A plain BEGIN is READ COMMITTED, where each statement sees whatever was committed before it started.";

await stageWith([postgres], "15.4", (service) => {
  const { db, configure } = useTransactionDatabase(service, "isolation", SCHEMA);
  const reset = () => witness(db().url, RESET);
  /** An autocommitted write from the checks' own session: "another transaction committed this". */
  const commitElsewhere = (sql: string) => witness(db().url, sql);

  test("isolation and readOnly are set in the BEGIN: the server reports the level, and refuses a write in a read-only transaction", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const levels: IsolationLevel[] = ["read committed", "repeatable read", "serializable"];
    for (const isolation of levels) {
      const sent = `${mode}; DB.transaction(() => SHOW transaction_isolation, { isolation: "${isolation}" })`;
      const seen = await run(sent, () => DB.transaction(() => scalar("SHOW transaction_isolation"), { isolation }));
      expectEqual(sent, isolation, seen, SERIALIZATION_HINT);
    }
    const defaultLevel = await run(`${mode}; DB.transaction(() => SHOW transaction_isolation)`, () =>
      DB.transaction(() => scalar("SHOW transaction_isolation")),
    );
    expectEqual(
      `${mode}; DB.transaction(() => SHOW transaction_isolation) with no options`,
      "read committed",
      defaultLevel,
    );
    const sent = `${mode}; DB.transaction(() => UPDATE accounts SET balance = 0, { readOnly: true })`;
    const outcome = await settle(
      sent,
      DB.transaction(() => scalar("UPDATE accounts SET balance = 0"), { readOnly: true }),
    );
    expectThat(
      sent,
      !outcome.ok && outcome.error instanceof DatabaseError && outcome.error.sqlstate === "25006",
      "a DatabaseError with SQLSTATE 25006 (read_only_sql_transaction)",
      showOutcome(outcome),
      "readOnly: true adds READ ONLY to the BEGIN; the server then refuses every write.",
    );
    const balances = await witness(db().url, "SELECT balance FROM accounts ORDER BY id");
    expectEqual(
      `${sent}; then SELECT balance FROM accounts`,
      [{ balance: 100 }, { balance: 100 }, { balance: 100 }],
      balances,
    );
  });

  /**
   * One transaction reads the same thing twice; between the two reads another session commits
   * `change`. Returns both reads.
   */
  async function readTwice(read: string, change: string, options: TransactionOptions) {
    const firstRead = new Gate("the transaction's first read");
    const changed = new Gate("the other session's change committed");
    const sent = `${await configure({ pool: 2 })}; DB.transaction(${show(options)}): ${read}; another session commits ${change}; ${read} again`;
    const reads: unknown[] = [];
    const call = DB.transaction(async () => {
      reads.push(await scalar(read));
      firstRead.open();
      await changed.passed();
      reads.push(await scalar(read));
    }, options);
    await reached(firstRead, call, sent);
    await commitElsewhere(change);
    changed.open();
    await run(sent, () => call);
    return { sent, reads };
  }

  test("non-repeatable read: READ COMMITTED reads a committed change between two reads; REPEATABLE READ reads the same value twice", async () => {
    const read = "SELECT balance FROM accounts WHERE id = 1";
    const change = "UPDATE accounts SET balance = 50 WHERE id = 1";
    await reset();
    const weak = await readTwice(read, change, { isolation: "read committed" });
    expectEqual(
      `${weak.sent}: the two reads`,
      [100, 50],
      weak.reads,
      "At READ COMMITTED each statement takes a new snapshot, so the second read sees the committed change.",
    );
    await reset();
    const strong = await readTwice(read, change, { isolation: "repeatable read" });
    expectEqual(`${strong.sent}: the two reads`, [100, 100], strong.reads, SERIALIZATION_HINT);
  });

  test("phantom: READ COMMITTED counts a row inserted between two counts; REPEATABLE READ does not", async () => {
    const read = "SELECT count(*)::int FROM accounts WHERE balance >= 100";
    const change = "INSERT INTO accounts VALUES (4, 500)";
    await reset();
    const weak = await readTwice(read, change, { isolation: "read committed" });
    expectEqual(`${weak.sent}: the two counts`, [3, 4], weak.reads);
    await reset();
    const strong = await readTwice(read, change, { isolation: "repeatable read" });
    expectEqual(
      `${strong.sent}: the two counts`,
      [3, 3],
      strong.reads,
      `PostgreSQL's REPEATABLE READ reads one snapshot for the whole transaction, so no phantom appears either (docs §13.2.2). ${SERIALIZATION_HINT}`,
    );
  });

  /**
   * Two transactions run the same read-then-write step by step: A reads, B reads, A writes and
   * commits, then B writes what it computed from its read and commits.
   */
  async function interleave(
    options: TransactionOptions,
    steps: { read: (who: "A" | "B") => Promise<unknown>; write: (who: "A" | "B", read: unknown) => Promise<void> },
  ): Promise<{ sent: string; a: Outcome<void>; b: Outcome<void> }> {
    const sent = `${await configure({ pool: 3 })}; transactions A and B with ${show(options)}: A reads, B reads, A writes and commits, B writes and commits`;
    const aRead = new Gate("A has read");
    const bRead = new Gate("B has read");
    const aCommitted = new Gate("A has committed");
    const a = DB.transaction(async () => {
      const seen = await steps.read("A");
      aRead.open();
      await bRead.passed();
      await steps.write("A", seen);
    }, options);
    const b = DB.transaction(async () => {
      await aRead.passed();
      const seen = await steps.read("B");
      bRead.open();
      await aCommitted.passed();
      await steps.write("B", seen);
    }, options);
    // Each is settled in its turn below; until then a failure of one must not go unhandled.
    for (const call of [a, b]) call.catch(() => undefined);
    const aOutcome = await settle(`${sent}: A`, a);
    aCommitted.open();
    const bOutcome = await settle(`${sent}: B`, b);
    return { sent, a: aOutcome, b: bOutcome };
  }

  test("lost update: at READ COMMITTED two read-then-write increments leave +1; at REPEATABLE READ the second one fails with 40001", async () => {
    const steps = {
      read: () => scalar("SELECT balance FROM accounts WHERE id = 1"),
      write: async (_who: "A" | "B", read: unknown) => {
        await scalar("UPDATE accounts SET balance = $1 WHERE id = 1", [Number(read) + 10]);
      },
    };
    const balance = async () => (await witness(db().url, "SELECT balance FROM accounts WHERE id = 1"))[0]?.balance;
    await reset();
    const weak = await interleave({ isolation: "read committed" }, steps);
    expectEqual(
      `${weak.sent}: A, B`,
      ["resolved with undefined", "resolved with undefined"],
      [showOutcome(weak.a), showOutcome(weak.b)],
    );
    expectEqual(
      `${weak.sent}: the balance after two +10s`,
      110,
      await balance(),
      "At READ COMMITTED both commit: B writes the value it computed from a read made before A's commit, and A's +10 is lost.",
    );
    await reset();
    const strong = await interleave({ isolation: "repeatable read" }, steps);
    expectThat(`${strong.sent}: A`, strong.a.ok, "A commits", showOutcome(strong.a));
    expectThat(
      `${strong.sent}: B`,
      !strong.b.ok && strong.b.error instanceof SerializationFailure,
      "B fails with SerializationFailure (40001): it would overwrite a row changed since its snapshot",
      showOutcome(strong.b),
      SERIALIZATION_HINT,
    );
    expectEqual(`${strong.sent}: the balance`, 110, await balance());
  });

  test("write skew: at REPEATABLE READ two doctors each go off call, leaving nobody; at SERIALIZABLE one of them fails with 40001", async () => {
    const steps = {
      read: () => scalar("SELECT count(*)::int FROM doctors WHERE on_call"),
      write: async (who: "A" | "B", onCall: unknown) => {
        // Each checks the rule "at least one on call" against its own snapshot, then acts on it.
        if (Number(onCall) >= 2)
          await scalar("UPDATE doctors SET on_call = false WHERE name = $1", [who === "A" ? "alice" : "bob"]);
      },
    };
    const onCall = async () => (await witness(db().url, "SELECT count(*)::int AS n FROM doctors WHERE on_call"))[0]?.n;
    await reset();
    const weak = await interleave({ isolation: "repeatable read" }, steps);
    expectEqual(
      `${weak.sent}: A, B`,
      ["resolved with undefined", "resolved with undefined"],
      [showOutcome(weak.a), showOutcome(weak.b)],
    );
    expectEqual(
      `${weak.sent}: doctors still on call`,
      0,
      await onCall(),
      "At REPEATABLE READ the two transactions write different rows, so neither conflicts with the other: both commit, and the rule both checked is broken.",
    );
    await reset();
    const strong = await interleave({ isolation: "serializable" }, steps);
    const failures = [strong.a, strong.b].filter((o) => !o.ok);
    expectThat(
      `${strong.sent}: A, B`,
      failures.length === 1 && failures.every((o) => !o.ok && o.error instanceof SerializationFailure),
      "exactly one of them fails with SerializationFailure (40001)",
      `A ${showOutcome(strong.a)}; B ${showOutcome(strong.b)}`,
      "SERIALIZABLE (docs §13.2.3) tracks what each transaction read; a cycle of read/write dependencies fails one of them. If both committed, the BEGIN was not SERIALIZABLE.",
    );
    expectEqual(`${strong.sent}: doctors still on call`, 1, await onCall());
  });

  test("a 40001 comes out of DB.transaction() as the typed SerializationFailure, with its SQLSTATE", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const read = new Gate("the transaction read the row");
    const changed = new Gate("the other session's update committed");
    const sent = `${mode}; DB.transaction({ isolation: "repeatable read" }): read account 1; another session updates it; update it`;
    const call = DB.transaction(
      async () => {
        await scalar("SELECT balance FROM accounts WHERE id = 1");
        read.open();
        await changed.passed();
        await scalar("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
      },
      { isolation: "repeatable read" },
    );
    await reached(read, call, sent);
    await commitElsewhere("UPDATE accounts SET balance = 0 WHERE id = 1");
    changed.open();
    const outcome = await settle(sent, call);
    expectThat(
      sent,
      !outcome.ok && outcome.error instanceof SerializationFailure && outcome.error.sqlstate === "40001",
      "a rejection with SerializationFailure, sqlstate 40001",
      outcome.ok ? showOutcome(outcome) : showError(outcome.error),
      SERIALIZATION_HINT,
    );
  });
});
