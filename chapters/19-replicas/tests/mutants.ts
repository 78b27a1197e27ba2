// Mistakes a learner could make in chapter 19, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const STATEMENT = "src/tinyorm/replicas/statement.ts";
const ROUTER = "src/tinyorm/replicas/router.ts";
const NODE = "src/tinyorm/replicas/node.ts";
const LSN = "src/tinyorm/replicas/lsn.ts";
const LAG = "src/tinyorm/replicas/lag.ts";
const RYW = "src/tinyorm/replicas/read-your-writes.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "19.1",
    file: STATEMENT,
    from: "const SELECT = /^\\s*select\\b/i;",
    to: "const SELECT = /^\\s*SELECT\\b/;",
    what: "only upper-case SELECT counts as a read: a lower-case select goes to the primary",
  },
  {
    stage: "19.1",
    file: STATEMENT,
    from: "return SELECT.test(sql) && !LOCKING_CLAUSE.test(sql);",
    to: "return SELECT.test(sql);",
    what: "SELECT … FOR UPDATE sent to a standby, which cannot lock rows",
  },
  {
    stage: "19.1",
    file: STATEMENT,
    from: "const LOCKING_CLAUSE = /\\bfor\\s+(update|no\\s+key\\s+update|share|key\\s+share)\\b/i;",
    to: "const LOCKING_CLAUSE = /\\bfor\\s+update\\b/i;",
    what: "only FOR UPDATE recognised: FOR SHARE and FOR NO KEY UPDATE go to a standby",
  },
  {
    stage: "19.1",
    file: STATEMENT,
    from: "const SELECT = /^\\s*select\\b/i;",
    to: "const SELECT = /^\\s*(select|with)\\b/i;",
    what: "WITH counted as a read: a data-modifying CTE sent to a standby",
  },
  {
    stage: "19.1",
    file: ROUTER,
    from: "const result = await this.#primary.withConnection(work);",
    to: "const result = await (this.#replicas[0] ?? this.#primary).withConnection(work);",
    what: "a transaction's session taken from a standby: its reads (and its writes) go there",
  },
  {
    stage: "19.2",
    file: NODE,
    from: "      throw readOnlyError(error, this.server);",
    to: "      throw error;",
    what: "the standby's 25006 passed on as the bare InvalidTransactionState, not saying which server refused",
  },
  {
    stage: "19.2",
    file: NODE,
    from: "if (error instanceof InvalidTransactionState && error.sqlstate === READ_ONLY_SQL_TRANSACTION)",
    to: "if (error instanceof InvalidTransactionState)",
    what: "every error of class 25 made a ReadOnlyServerError: 25P02 (in a failed transaction) too",
  },
  {
    stage: "19.2",
    file: NODE,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: 'this.server = `${parsed.hostname}:${parsed.port || "5432"}`;',
    to: "this.server = parsed.hostname;",
    what: "the server named without its port: two servers on one host cannot be told apart",
  },
  {
    stage: "19.3",
    file: LSN,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "return (BigInt(`0x${match[2]}`) << 32n) | BigInt(`0x${match[1]}`);",
    what: "the two halves of an LSN swapped",
  },
  {
    stage: "19.3",
    file: LSN,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "return BigInt(`0x${match[1]}${match[2]}`);",
    what: "the halves joined as text: a low half with fewer than 8 digits loses its leading zeros",
  },
  {
    stage: "19.3",
    file: LAG,
    from: "SELECT pg_last_wal_replay_lsn()::text AS lsn",
    to: "SELECT pg_last_wal_receive_lsn()::text AS lsn",
    what: "lag measured from the WAL received, not replayed: a paused standby looks caught up",
  },
  {
    stage: "19.3",
    file: LAG,
    from: "return current > replayed ? Number(current - replayed) : 0;",
    to: "return current > replayed ? Number(current - replayed) : 1;",
    what: "a caught-up standby reported one byte behind, never 0",
  },
  {
    stage: "19.3",
    file: LSN,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "return `${high.toString(16)}/${low.toString(16)}`;",
    what: "LSNs formatted in lower case, unlike PostgreSQL's own output",
  },
  {
    stage: "19.4",
    file: RYW,
    from: "if (this.#lsn === undefined || replayed >= this.#lsn) {",
    to: "if (this.#lsn === undefined || replayed <= this.#lsn) {",
    what: "the comparison reversed: a standby behind the write is trusted, one past it is not",
  },
  {
    stage: "19.4",
    file: ROUTER,
    from: "const result = await this.#primary.withConnection(work);\n    await this.#noteWrite();",
    to: "const result = await this.#primary.withConnection(work);",
    what: "a transaction's writes not noted: a read after DB.transaction() in the scope goes to the stale standby",
  },
  {
    stage: "19.4",
    file: RYW,
    from: "      // Caught up: the next reads need not ask again.\n      this.#lsn = undefined;\n      return true;",
    to: "      return this.#lsn === undefined;",
    what: "once pinned, pinned for ever: the scope never goes back to the standbys",
  },
  {
    stage: "19.4",
    file: RYW,
    from: "    return this.#scope.run(new WriteToken(), work);",
    to: "    return this.#scope.run(((globalThis as { token?: WriteToken }).token ??= new WriteToken()), work);",
    what: "one token for the whole process: a scope that never wrote is pinned by another's write",
  },
  {
    stage: "19.5",
    file: ROUTER,
    from: "    await assertPromoted(promoted, promoted.server);\n",
    to: "",
    what: "failover declared to a node still in recovery: every write then fails with 25006",
  },
  {
    stage: "19.5",
    file: ROUTER,
    from: "    this.#replicas = [];",
    to: "    this.#replicas = dropped;",
    what: "the old primary and its standbys kept as standbys: reads after failover are stale",
  },
  {
    stage: "19.5",
    file: ROUTER,
    from: "    this.#primary = promoted;\n",
    to: "",
    what: "failover() that never switches: writes keep going to the old primary",
  },
  {
    stage: "19.5",
    file: ROUTER,
    from: "    await assertPromoted(promoted, promoted.server);",
    to: "    await assertPromoted(this.#primary, this.#primary.server);",
    what: "the old primary asked whether it is in recovery, instead of the node failed over to",
  },
];
