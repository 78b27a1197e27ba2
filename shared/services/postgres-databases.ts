// One fresh database per test file, cloned from a template. CREATE DATABASE … TEMPLATE copies
// files rather than replaying SQL, so a clone costs milliseconds, and no two test files ever
// see each other's tables.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The empty database every fresh test database is cloned from unless another is named. */
export const TEMPLATE_DATABASE = "trilogy_template";
/** Every database the course creates starts with this, so leftovers are easy to spot. */
export const TEST_DATABASE_PREFIX = "trilogy_t_";
// SQLSTATE duplicate_database: another run created the template first.
const DUPLICATE_DATABASE = "42P04";

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates TEMPLATE_DATABASE if missing (a shared server may already have it). */
export async function ensureTemplate(maintenanceUrl: string): Promise<void> {
  await withClient(maintenanceUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE_DATABASE]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(TEMPLATE_DATABASE)}`);
    } catch (error) {
      if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    }
  });
}

export function databaseUrl(maintenanceUrl: string, database: string): string {
  const url = new URL(maintenanceUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A unique, valid, lower-case identifier: trilogy_t_<label>_<random>. */
export function uniqueDatabaseName(label = "db"): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 30);
  return `${TEST_DATABASE_PREFIX}${safe}_${randomBytes(5).toString("hex")}`;
}

export async function createDatabase(maintenanceUrl: string, name: string, template: string): Promise<void> {
  await withClient(maintenanceUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`),
  );
}

export async function dropDatabase(maintenanceUrl: string, name: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends sessions a test forgot to close instead of failing.
  await withClient(maintenanceUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}
