// Shared by the two Postgres self-test files: both create the same table and write their own
// name. Sharing a database would make one CREATE TABLE fail or show the other file's row.
import pg from "pg";

/** How long each file keeps its row before reading back, so the two files overlap in time. */
const OVERLAP_MS = 300;

export async function markerRoundTrip(url: string, file: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE TABLE marker (file text NOT NULL)");
    await client.query("INSERT INTO marker VALUES ($1)", [file]);
    await new Promise((resolve) => setTimeout(resolve, OVERLAP_MS));
    const { rows } = await client.query<{ file: string }>("SELECT file FROM marker ORDER BY file");
    return rows.map((r) => r.file);
  } finally {
    await client.end();
  }
}
