// The second of two files that must not see each other's data (see postgres-a.test.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { postgres, type TestDatabase } from "./index.ts";
import { markerRoundTrip } from "./postgres-marker.ts";

await describeWith([postgres], "postgres service (file b)", (server) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await server.createDatabase({ label: "file_b" });
  });
  afterAll(() => db.drop());

  it("sees only the rows this file wrote", async () => {
    expect(await markerRoundTrip(db.url, "b")).toEqual(["b"]);
  });
});
