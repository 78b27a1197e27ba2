// The demo behind `pnpm demo tinyorm`: the users API (users/users-app.ts) on the database at
// DATABASE_URL, its table made by chapter 16's migrate() first.
//
//   curl -i -d '{"username":"ada"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/users
//   curl -i -d '{"username":"ada"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/users   → 409
//   curl -i -d '{"username":""}' -H 'Content-Type: application/json' http://127.0.0.1:8080/users      → 422
//   curl -i 'http://127.0.0.1:8080/users?prefix=a&limit=10'
//   curl -i -X PATCH -d '{"username":"ada_l"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/users/1
//   curl -i -X DELETE http://127.0.0.1:8080/users/1                                                   → 204
//   curl -i http://127.0.0.1:8080/openapi.json
import { fileURLToPath } from "node:url";
import { connect } from "./connection.ts";
import { migrate } from "./migrate/migrate.ts";
import { usersApp } from "./users/users-app.ts";

/** Not microfast's own default (8000): the demo stays out of the way of a lab server. */
const DEMO_PORT = 8080;
/** The demo's sessions, as pg_stat_activity lists them. */
const APPLICATION_NAME = "tinyorm-demo";
const MIGRATIONS = fileURLToPath(new URL("./users/migrations", import.meta.url));

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set: the demo needs a database to serve its users from");

const connection = await connect({ url, applicationName: APPLICATION_NAME });
try {
  await migrate(connection, MIGRATIONS);
} finally {
  await connection.close();
}

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? DEMO_PORT);
const { lifecycle } = usersApp({ url, applicationName: APPLICATION_NAME, pool: { max: 10 } });
// Ctrl-C or SIGTERM: the server answers what is in progress, then the pool closes.
await lifecycle.start({ host, port });
console.log(`listening on http://${host}:${port}`);
