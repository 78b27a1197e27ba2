// Stage 14.7: models on the pool. Chapter 13's DB keeps one connection for every model; given
// pool options, `DB.configure({ url, pool: { max } })`, it lends each query a connection of a
// Pool instead, through the same queryable() seam — so the models need not change at all.
// What the server holds is read from pg_stat_activity, under the application_name the check
// gives DB.
import { ConfigurationError, DB, fields, Model } from "@lab/src/tinyorm/index.ts";
import { afterAll, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectBackends, show, showError, useDatabase, within } from "./pool.ts";

const ITEMS = 12;
const MAX = 3;
const SCHEMA = `
  CREATE TABLE items (id integer PRIMARY KEY, label text NOT NULL);
  INSERT INTO items SELECT n, 'item ' || n FROM generate_series(1, ${ITEMS}) AS n;`;

class Item extends Model.table("items", {
  id: fields.int({ primaryKey: true }),
  label: fields.text(),
}) {}

const SESSION = `tinyorm_14_models_${process.pid}`;

await stageWith([postgres], "14.7", (service) => {
  const db = useDatabase(service, "pool_models", SCHEMA);
  afterAll(() => DB.close().catch(() => undefined));

  /** DB configured on the check's database with a pool of MAX, after closing whatever an earlier check left. */
  async function configurePool(): Promise<string> {
    await DB.close().catch(() => undefined);
    const sent = `DB.configure({ url, applicationName: "${SESSION}", pool: { max: ${MAX} } })`;
    try {
      DB.configure({ url: db().url, applicationName: SESSION, pool: { max: MAX } });
    } catch (error) {
      throw new CheckFailure("configure() with pool options threw", {
        sent,
        expected: "the options kept, and nothing opened yet",
        received: showError(error),
        hint: "DatabaseOptions is chapter 11's ConnectionOptions plus an optional `pool` with the Pool's own options (max, min, timeouts).",
      });
    }
    return sent;
  }

  test(`twelve finds at once run on at most ${MAX} sessions of the pool, and each answers its own row`, async () => {
    const configured = await configurePool();
    await expectBackends(db().url, SESSION, 0, {
      sent: configured,
      hint: "configure() only remembers the options: the pool is made by the first query.",
    });
    const ids = Array.from({ length: ITEMS }, (_, i) => i + 1);
    const items = await within(
      `Promise.all(ids 1…${ITEMS}.map((id) => Item.find(id)))`,
      Promise.all(ids.map((id) => Item.find(id))),
    );
    const labels = items.map((item) => item?.label);
    const expected = ids.map((id) => `item ${id}`);
    if (show(labels) !== show(expected))
      throw new CheckFailure("the finds did not each answer their own row", {
        sent: `Item.find(1) … Item.find(${ITEMS}), all at once`,
        expected: show(expected),
        received: show(labels),
      });
    await expectBackends(db().url, SESSION, MAX, {
      sent: `${configured}; then ${ITEMS} finds at once`,
      hint: `With pool options, queryable() returns a Pool (it is a Queryable: query() borrows a connection and gives it back). ${ITEMS} queries at once open max = ${MAX} sessions; one session means DB still uses chapter 13's single connection, more than ${MAX} that the pool's max was not given.`,
    });
  });

  test("DB.close() ends the pool: its sessions leave the server, and the next query makes a new pool", async () => {
    const configured = await configurePool();
    await within("Promise.all of three finds", Promise.all([Item.find(1), Item.find(2), Item.find(3)]));
    await within("DB.close()", DB.close());
    await expectBackends(db().url, SESSION, 0, {
      sent: `${configured}; three finds at once; await DB.close()`,
      hint: "close() forgets the pool and awaits its end(), which closes every idle connection.",
    });
    const item = await within("Item.find(4) after DB.close()", Item.find(4));
    if (item?.label !== "item 4")
      throw new CheckFailure("a query after close() did not answer", {
        sent: "Item.find(4) after DB.close()",
        expected: '"item 4"',
        received: show(item?.label),
        hint: "After close() the configuration stays: the next queryable() makes a new pool from it.",
      });
    await expectBackends(db().url, SESSION, 1, { sent: "Item.find(4) after DB.close()" });
  });

  test("configure() refuses a pool that cannot exist at once, and refuses to reconfigure an open pool", async () => {
    await DB.close().catch(() => undefined);
    let refused: unknown;
    try {
      DB.configure({ url: db().url, applicationName: SESSION, pool: { max: 0 } });
    } catch (error) {
      refused = error;
    }
    if (!(refused instanceof RangeError))
      throw new CheckFailure("configure() accepted a pool of max 0", {
        sent: "DB.configure({ url, pool: { max: 0 } })",
        expected: "a RangeError at once, from the pool's own option checks",
        received: refused === undefined ? "no error" : showError(refused),
        hint: "Check the pool options in configure() with poolSettings(): a mistake is reported where it was made, not at the first query.",
      });
    await configurePool();
    await within("Item.find(1)", Item.find(1));
    let again: unknown;
    try {
      DB.configure({ url: db().url, applicationName: SESSION });
    } catch (error) {
      again = error;
    }
    if (!(again instanceof ConfigurationError))
      throw new CheckFailure("configure() while the pool is open did not refuse", {
        sent: "DB.configure({ url, pool: { max: 3 } }); Item.find(1); DB.configure({ url })",
        expected: "ConfigurationError: close the DB first",
        received: again === undefined ? "no error" : showError(again),
        hint: "An open pool counts as connected, like chapter 13's connection: refuse until close().",
      });
  });
});
