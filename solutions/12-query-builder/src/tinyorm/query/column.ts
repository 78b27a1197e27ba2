// A typed reference to one column, and the conditions it takes part in. Every method returns a
// new frozen node; the column itself never changes. Values become value nodes, sent as
// parameters; another column becomes a column reference, so `posts.authorId.eq(users.id)`
// compares two columns, as a join needs.
import type { SqlValue } from "../parameters.ts";
import { QueryError } from "./errors.ts";
import { escapeLike } from "./expressions.ts";
import {
  type ColumnNode,
  type ComparisonNode,
  type ComparisonOperator,
  type ConditionNode,
  frozen,
  type NullsOrder,
  type Operand,
  type OrderNode,
  type SelectionNode,
  type TableNode,
  type ValueNode,
} from "./nodes.ts";

export class Column<T extends SqlValue = SqlValue, N extends string = string> {
  readonly node: ColumnNode;
  /** The type of this column's values, for the type checker only (it holds nothing). */
  declare readonly valueType: T;

  constructor(
    table: TableNode,
    readonly name: N,
  ) {
    this.node = frozen<ColumnNode>({ kind: "column", table, name });
  }

  eq(value: T | Column<T>): ConditionNode {
    return this.#compare("=", value);
  }
  ne(value: T | Column<T>): ConditionNode {
    return this.#compare("<>", value);
  }
  lt(value: T | Column<T>): ConditionNode {
    return this.#compare("<", value);
  }
  lte(value: T | Column<T>): ConditionNode {
    return this.#compare("<=", value);
  }
  gt(value: T | Column<T>): ConditionNode {
    return this.#compare(">", value);
  }
  gte(value: T | Column<T>): ConditionNode {
    return this.#compare(">=", value);
  }

  /** `column IN (…)`; an empty list matches no row. */
  in(values: readonly T[]): ConditionNode {
    return frozen({ kind: "in", negated: false, left: this.node, values: values.map((v) => this.#listed(v)) });
  }
  /** `column NOT IN (…)`; an empty list matches every row. */
  notIn(values: readonly T[]): ConditionNode {
    return frozen({ kind: "in", negated: true, left: this.node, values: values.map((v) => this.#listed(v)) });
  }

  /** `column LIKE pattern`: `%` and `_` in `pattern` are wildcards, as you wrote them. */
  like(this: Column<string | null>, pattern: string): ConditionNode {
    return frozen({ kind: "like", left: this.node, pattern: valueNode(pattern) });
  }
  /** Values that begin with `prefix`, character for character: its `%`, `_` and `\` are plain text. */
  startsWith(this: Column<string | null>, prefix: string): ConditionNode {
    return frozen({ kind: "like", left: this.node, pattern: valueNode(`${escapeLike(prefix)}%`) });
  }

  isNull(): ConditionNode {
    return frozen({ kind: "null-test", negated: false, operand: this.node });
  }
  isNotNull(): ConditionNode {
    return frozen({ kind: "null-test", negated: true, operand: this.node });
  }

  asc(options: { nulls?: NullsOrder } = {}): OrderNode {
    return frozen({ kind: "order", column: this.node, direction: "asc", nulls: options.nulls });
  }
  desc(options: { nulls?: NullsOrder } = {}): OrderNode {
    return frozen({ kind: "order", column: this.node, direction: "desc", nulls: options.nulls });
  }

  /** This column in a result under another name: `"posts"."id" AS "post_id"`. */
  as<A extends string>(alias: A): Aliased<T, A> {
    return new Aliased(frozen({ kind: "selection", column: this.node, alias }), alias);
  }

  #compare(operator: ComparisonOperator, value: T | Column<T>): ComparisonNode {
    // `column = NULL` is never true (NULL is unknown, docs §9.2): say so instead of matching nothing.
    if (value === null || value === undefined) {
      throw new QueryError(`${this.name} ${operator} NULL is never true: use isNull() or isNotNull()`);
    }
    const right: Operand = value instanceof Column ? value.node : valueNode(value);
    return frozen({ kind: "comparison", operator, left: this.node, right });
  }

  #listed(value: T): ValueNode {
    // x NOT IN (1, NULL) is never true: one NULL in the list makes every row unknown.
    if (value === null || value === undefined) throw new QueryError(`${this.name} IN (…) with NULL in the list`);
    return valueNode(value);
  }
}

/** A column selected under another name. */
export class Aliased<T extends SqlValue = SqlValue, N extends string = string> {
  declare readonly valueType: T;

  constructor(
    readonly node: SelectionNode,
    readonly name: N,
  ) {}
}

export function valueNode(value: SqlValue): ValueNode {
  return frozen({ kind: "value", value });
}
