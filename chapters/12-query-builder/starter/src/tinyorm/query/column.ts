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
    // TODO(12): stage 12.3. A like node whose pattern is the prefix made literal by escapeLike(),
    // then "%".
    throw new Error("TODO(12): Column.startsWith() is not implemented");
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
    // TODO(12): stage 12.1. A comparison node of this column (left) and the value (right): another
    // Column compares with that column's node, anything else becomes valueNode(value).
    // Stage 12.3: `= NULL` is never true (docs §9.2), so refuse null and undefined with a
    // QueryError that points to isNull().
    throw new Error("TODO(12): Column comparisons (eq, ne, lt, lte, gt, gte) are not implemented");
  }

  #listed(value: T): ValueNode {
    // TODO(12): stage 12.3. One value of an IN list, as a value node; null or undefined is a
    // QueryError, because one NULL in a list makes NOT IN unknown for every row.
    throw new Error("TODO(12): the values of Column.in() and notIn() are not implemented");
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
