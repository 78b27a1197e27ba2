// The query as data: a tree of plain, frozen objects that says what a statement means and
// holds no SQL text. Builders (select.ts, insert.ts …) make new trees and never change one;
// one compiler (compile.ts) turns a tree into SQL and parameters. Because a node can never
// change after it is made, a tree can be shared: two queries derived from one base share its
// nodes, and neither can reach into the other.
import type { SqlValue } from "../parameters.ts";

/** A table as a statement names it: `name` is [table] or [schema, table], each part one identifier. */
export interface TableNode {
  readonly kind: "table";
  readonly name: readonly string[];
  /** The name the rest of the statement uses for it (FROM "users" AS "author"), if any. */
  readonly alias: string | undefined;
}

export interface ColumnNode {
  readonly kind: "column";
  readonly table: TableNode;
  readonly name: string;
}

/** A value, always sent as a parameter ($n): never part of the SQL text. */
export interface ValueNode {
  readonly kind: "value";
  readonly value: SqlValue;
}

/** The DEFAULT keyword, for a column an INSERT row leaves out. */
export interface DefaultNode {
  readonly kind: "default";
}

export type Operand = ColumnNode | ValueNode;

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export interface ComparisonNode {
  readonly kind: "comparison";
  readonly operator: ComparisonOperator;
  readonly left: ColumnNode;
  readonly right: Operand;
}

/** `left IN (values…)`, or NOT IN when negated. The list may be empty: the compiler decides what that means. */
export interface InNode {
  readonly kind: "in";
  readonly negated: boolean;
  readonly left: ColumnNode;
  readonly values: readonly ValueNode[];
}

/** `left LIKE pattern`: `%` and `_` in the pattern are wildcards, `\` escapes (docs §9.7.1). */
export interface LikeNode {
  readonly kind: "like";
  readonly left: ColumnNode;
  readonly pattern: ValueNode;
}

/** `operand IS NULL`, or IS NOT NULL when negated. */
export interface NullTestNode {
  readonly kind: "null-test";
  readonly negated: boolean;
  readonly operand: ColumnNode;
}

/** AND or OR of any number of conditions; with none, AND is TRUE and OR is FALSE. */
export interface LogicalNode {
  readonly kind: "and" | "or";
  readonly operands: readonly ConditionNode[];
}

export interface NotNode {
  readonly kind: "not";
  readonly operand: ConditionNode;
}

export type ConditionNode = ComparisonNode | InNode | LikeNode | NullTestNode | LogicalNode | NotNode;

/** One output column: `"users"."id" AS "user_id"`. */
export interface SelectionNode {
  readonly kind: "selection";
  readonly column: ColumnNode;
  readonly alias: string | undefined;
}

export type Direction = "asc" | "desc";
export type NullsOrder = "first" | "last";

export interface OrderNode {
  readonly kind: "order";
  readonly column: ColumnNode;
  readonly direction: Direction;
  /** Where NULLs go; undefined keeps PostgreSQL's default (last for asc, first for desc). */
  readonly nulls: NullsOrder | undefined;
}

export type JoinType = "inner" | "left";

export interface JoinNode {
  readonly kind: "join";
  readonly type: JoinType;
  readonly table: TableNode;
  readonly on: ConditionNode;
}

export interface SelectNode {
  readonly kind: "select";
  readonly from: TableNode;
  readonly columns: readonly SelectionNode[];
  readonly joins: readonly JoinNode[];
  readonly where: ConditionNode | undefined;
  readonly orderBy: readonly OrderNode[];
  readonly limit: ValueNode | undefined;
  readonly offset: ValueNode | undefined;
}

export interface InsertNode {
  readonly kind: "insert";
  readonly into: TableNode;
  readonly columns: readonly string[];
  /** One list per row, in the order of `columns`. */
  readonly rows: readonly (readonly (ValueNode | DefaultNode)[])[];
  readonly returning: readonly SelectionNode[];
}

export interface AssignmentNode {
  readonly kind: "assignment";
  readonly column: string;
  readonly value: Operand;
}

export interface UpdateNode {
  readonly kind: "update";
  readonly table: TableNode;
  readonly set: readonly AssignmentNode[];
  readonly where: ConditionNode | undefined;
  readonly returning: readonly SelectionNode[];
}

export interface DeleteNode {
  readonly kind: "delete";
  readonly from: TableNode;
  readonly where: ConditionNode | undefined;
  readonly returning: readonly SelectionNode[];
}

export type StatementNode = SelectNode | InsertNode | UpdateNode | DeleteNode;

/**
 * `node`, frozen with every node and list inside it, so that no one holding a reference can
 * change it. A value's payload (a Date, an array bound as an SQL array) is the caller's and
 * stays as it is; a node already frozen was frozen whole when it was made.
 */
export function frozen<N extends object>(node: N): N {
  // TODO(12): stage 12.6. Object.freeze(node) is shallow: freeze every object and list inside it
  // too, except the value of a value node (it is the caller's, and a Uint8Array cannot be frozen
  // at all). A node that is already frozen was frozen whole: return it as it is.
  // Until then nodes stay open. table() and every builder call frozen(), so it must not throw.
  return node;
}
