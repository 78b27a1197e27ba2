// A SELECT whose rows come back as model instances. It wraps chapter 12's SelectQuery, so it
// is as immutable: every method returns a new query and the one it was called on stays as it
// was. `node` makes it a Compilable, so compile(User.select()) shows the SQL it sends.
import type { Row } from "../connection.ts";
import { execute } from "../query/execute.ts";
import type { ConditionNode, OrderNode, SelectNode } from "../query/nodes.ts";
import type { SelectQuery } from "../query/select.ts";
import { rememberResult } from "../relations/result-set.ts";
import { DB } from "./db.ts";

export class ModelQuery<I> {
  readonly #query: SelectQuery<Row>;
  readonly #instance: (row: Row) => I;

  /** Use Model.select(): it gives the query every column and the function that makes instances. */
  constructor(query: SelectQuery<Row>, instance: (row: Row) => I) {
    this.#query = query;
    this.#instance = instance;
  }

  get node(): SelectNode {
    return this.#query.node;
  }

  /** Keeps the rows `condition` holds for; a second where() is ANDed with the first. */
  where(condition: ConditionNode): ModelQuery<I> {
    return new ModelQuery(this.#query.where(condition), this.#instance);
  }

  orderBy(...orders: OrderNode[]): ModelQuery<I> {
    return new ModelQuery(this.#query.orderBy(...orders), this.#instance);
  }

  limit(count: number | bigint): ModelQuery<I> {
    return new ModelQuery(this.#query.limit(count), this.#instance);
  }

  offset(count: number | bigint): ModelQuery<I> {
    return new ModelQuery(this.#query.offset(count), this.#instance);
  }

  /** Runs the query: one instance per row, in the order the server returned them. */
  async all(): Promise<I[]> {
    const { rows } = await execute(await DB.queryable(), this.#query);
    // Chapter 17: the instances of one result know each other, so that the N+1 detector can
    // tell a loop over them (relations/result-set.ts).
    return rememberResult(rows.map(this.#instance));
  }

  /**
   * Chapter 17: the instance a row of this model's columns becomes, for a relation's loader that
   * runs its own SELECT of them (with a join table's column beside them: relations/loaders.ts).
   */
  instanceFrom(row: Row): I {
    return this.#instance(row);
  }

  /** The first row as an instance (the query runs with LIMIT 1), or null when there is none. */
  async first(): Promise<I | null> {
    const [first] = await this.limit(1).all();
    return first ?? null;
  }
}
