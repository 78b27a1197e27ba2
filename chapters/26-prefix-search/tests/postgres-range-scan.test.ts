// Stage 26.4: the Postgres engine. The checks read the table and its index from the catalog with
// their own session, ask Postgres with EXPLAIN (FORMAT JSON) how it runs the statement your
// query() says search() runs, and compare every page with the slow model of fixtures/names.ts.
import type { Page } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, load, READ, run, show } from "./expect.ts";
import { usePostgres } from "./fixtures/engines.ts";
import { allMatches, byteOrder, checkNames, expectedNames, nameCount, seededPrefixes } from "./fixtures/names.ts";
import { MAX_WALK, walk } from "./fixtures/walk.ts";

const TABLE = "prefix_names";
/**
 * The plans that read a range of the index. For a range the planner expects to hold a row or two
 * it may prefer a bitmap scan and a sort to an index scan: the index is walked over the same
 * bounds either way.
 */
const INDEX_SCANS = new Set(["Index Scan", "Index Only Scan", "Bitmap Index Scan"]);

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** A plan as one line a learner can read: "Limit → Index Only Scan (Index Cond: …)". */
function describePlan(nodes: PlanNode[]): string {
  return nodes
    .map((node) =>
      [
        node["Node Type"],
        node["Index Cond"] && `(Index Cond: ${node["Index Cond"]})`,
        node.Filter && `(Filter: ${node.Filter})`,
      ]
        .filter(Boolean)
        .join(" "),
    )
    .join(" → ");
}

await stageWith([postgres], "26.4", (service) => {
  const side = usePostgres(service);
  let loaded: Promise<{ names: string[]; seed: number }> | undefined;
  const names = () =>
    (loaded ??= (async () => {
      const { names, seed } = await checkNames(nameCount("26.4"));
      await load("engine.createSchema()", () => side.engine().createSchema());
      await load(`engine.load(${names.length} names)`, () => side.engine().load(names));
      return { names, seed };
    })());

  test(`load() stores every name once in ${TABLE}, whose index orders by bytes (COLLATE "C" or text_pattern_ops)`, async () => {
    const { names: all } = await names();
    const rows = await side.witness<{ name: string }>(`SELECT name FROM ${TABLE} ORDER BY name COLLATE "C"`);
    expectEqual(`SELECT count(*) FROM ${TABLE}`, all.length, rows.length, READ.postgres);
    expectEqual(
      `the names in ${TABLE}, in byte order`,
      [...all].sort(byteOrder),
      rows.map((row) => row.name),
      READ.postgres,
    );
    await load("engine.load(100 names already there)", () => side.engine().load(all.slice(0, 100)));
    const [count] = await side.witness<{ count: string }>(`SELECT count(*) FROM ${TABLE}`);
    expectEqual(
      `SELECT count(*) FROM ${TABLE} after loading 100 names again`,
      String(all.length),
      count?.count,
      "a name already there is kept once (ON CONFLICT DO NOTHING)",
    );
    const indexes = await side.witness<{ index: string; collation: string | null; opclass: string }>(
      `SELECT i.indexrelid::regclass::text AS index, c.collname AS collation, o.opcname AS opclass
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
         LEFT JOIN pg_collation c ON c.oid = i.indcollation[0]
         JOIN pg_opclass o ON o.oid = i.indclass[0]
        WHERE t.relname = $1 AND a.attname = 'name'`,
      [TABLE],
    );
    expectThat(
      `the indexes on ${TABLE}(name), from pg_index`,
      indexes.some((index) => index.collation === "C" || index.opclass === "text_pattern_ops"),
      'an index in byte order: collation "C" (name text COLLATE "C" PRIMARY KEY) or the text_pattern_ops operator class',
      indexes.length === 0
        ? "no index on name"
        : indexes.map((index) => `${index.index}: collation ${index.collation}, ${index.opclass}`).join("; "),
      `a database's default collation may be a language's (en_US): its order is not byte order; ${READ.postgres}`,
    );
  });

  test("EXPLAIN of every page's statement is an index scan whose Index Cond is the range: >= (or > after a cursor) and <", async () => {
    const { names: all, seed } = await names();
    const prefixes = seededPrefixes(all, seed, 60).filter((prefix) => prefix !== "" && !/^\u{10ffff}+$/u.test(prefix));
    for (const [i, prefix] of prefixes.entries()) {
      const first = allMatches(all, prefix)[0];
      const options =
        i % 2 === 1 && first !== undefined
          ? { limit: 10, after: Buffer.from(first, "utf8").toString("base64url") }
          : { limit: 10 };
      const what = `engine.query(${show(prefix)}, ${JSON.stringify(options)})`;
      const query = call(what, () => side.engine().query(prefix, options));
      const [row] = await side.witness<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${query.text}`,
        query.values,
      );
      const nodes = nodesOf(row!["QUERY PLAN"][0].Plan);
      const scan = nodes.find((node) => INDEX_SCANS.has(node["Node Type"]));
      const cond = scan?.["Index Cond"] ?? "";
      const lower = "after" in options ? /\(name > /.test(cond) : /\(name >= /.test(cond);
      expectThat(
        `EXPLAIN (FORMAT JSON) ${query.text} with ${show(query.values)}`,
        scan !== undefined &&
          lower &&
          /\(name < /.test(cond) &&
          nodes.every((node) => node.Filter === undefined && node["Node Type"] !== "Seq Scan"),
        `an Index Scan, Index Only Scan or Bitmap Index Scan with Index Cond (name ${"after" in options ? ">" : ">="} …) AND (name < …) and no Filter`,
        describePlan(nodes),
        `a LIKE or a function of name is a Filter; a range on name in the index's own collation is an Index Cond; ${READ.postgres}`,
      );
    }
  });

  test("every page of seeded prefixes is the model's, and a walk by cursors visits every match once", async () => {
    const { names: all, seed } = await names();
    for (const [i, prefix] of seededPrefixes(all, seed, 150).entries()) {
      const limit = [10, 1, 37][i % 3]!;
      const expected = expectedNames(allMatches(all, prefix), null, limit);
      const what = `engine.search(${show(prefix)}, { limit: ${limit} })`;
      const page: Page = await run(what, () => side.engine().search(prefix, { limit }));
      expectEqual(
        `${what}.names`,
        expected.names,
        page.names,
        `${READ.postgres}. ${reproduceLine(seed, "26", "26.4")}`,
      );
      expectThat(
        `${what}.next`,
        (page.next !== null) === expected.more,
        expected.more ? "a cursor" : "null",
        show(page.next),
        READ.cursors,
      );
    }
    for (const prefix of seededPrefixes(all, seed, 25)) {
      const matches = allMatches(all, prefix);
      if (matches.length > MAX_WALK) continue;
      const { names: visited } = await walk("engine", side.engine, prefix, 9, Math.ceil(matches.length / 9) + 2);
      expectEqual(`every name of the pages of ${show(prefix)}, 9 at a time`, matches, visited, READ.cursors);
    }
  });
});
