// The one compiler: a statement's tree in, SQL text and its parameters out. It writes the SQL
// from left to right, and every value it meets becomes the next placeholder ($1, $2 …) with
// the value pushed onto `params` at that moment, so placeholder n is always params[n − 1].
// Names are quoted (identifiers.ts); keywords come only from the tables below, never from a
// node's text, so a node built from hostile input can name nothing but what it may.
import type { SqlValue } from "../parameters.ts";
import { ParameterLimitError, QueryError } from "./errors.ts";
import { quoteIdentifier, quoteQualified } from "./identifiers.ts";
import type {
  ColumnNode,
  ComparisonOperator,
  ConditionNode,
  DefaultNode,
  DeleteNode,
  Direction,
  InsertNode,
  JoinType,
  NullsOrder,
  Operand,
  OrderNode,
  SelectionNode,
  SelectNode,
  StatementNode,
  TableNode,
  UpdateNode,
  ValueNode,
} from "./nodes.ts";
import { MAX_PARAMETERS } from "./split.ts";

export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A built query (select(), insertInto() …) or a statement's node itself. */
export type Compilable = StatementNode | { readonly node: StatementNode };

/** Each operator is written as itself, but only if it is one of these six. */
const OPERATORS: Readonly<Record<ComparisonOperator, string>> = {
  "=": "=",
  "<>": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};
const DIRECTIONS: Readonly<Record<Direction, string>> = { asc: "ASC", desc: "DESC" };
const NULLS: Readonly<Record<NullsOrder, string>> = { first: "NULLS FIRST", last: "NULLS LAST" };
const JOINS: Readonly<Record<JoinType, string>> = { inner: "INNER JOIN", left: "LEFT JOIN" };

export function compile(query: Compilable): CompiledQuery {
  // TODO(12): stage 12.1. Take the statement's node (query.node, or query itself when it is a
  // node), run a new Compiler over it, and return { sql, params: compiler.params }.
  // Stage 12.7: before returning, refuse more than MAX_PARAMETERS parameters with a
  // ParameterLimitError: the driver would send the count modulo 65,536.
  throw new Error("TODO(12): compile() is not implemented");
}

class Compiler {
  readonly params: SqlValue[] = [];

  statement(node: StatementNode): string {
    switch (node.kind) {
      case "select":
        return this.select(node);
      case "insert":
        return this.insert(node);
      case "update":
        return this.update(node);
      case "delete":
        return this.delete(node);
    }
  }

  select(node: SelectNode): string {
    // TODO(12): stage 12.1: `SELECT <selections> FROM <table>` and this.where(node.where).
    // Stage 12.4: after FROM, each join as `<JOINS keyword> <table> ON <condition>`; after WHERE,
    // ` ORDER BY ` the orders joined by ", ", then ` LIMIT $n` and ` OFFSET $n` when set.
    // A select of no columns (.columns() with none) is SELECT *.
    throw new Error("TODO(12): Compiler.select() is not implemented");
  }

  insert(node: InsertNode): string {
    // TODO(12): stage 12.5. No rows: QueryError. No columns: `INSERT INTO <table> DEFAULT VALUES`
    // (a QueryError for more than one such row). Otherwise `INSERT INTO <table> ("a", "b") VALUES
    // (…), (…)`, each cell through this.cell() — then this.returning(node.returning).
    throw new Error("TODO(12): Compiler.insert() is not implemented");
  }

  update(node: UpdateNode): string {
    // TODO(12): stage 12.5. Nothing to set: QueryError. Otherwise `UPDATE <table> SET "a" = <operand>,
    // …` (the column bare: SET takes no table name), then WHERE, then RETURNING.
    throw new Error("TODO(12): Compiler.update() is not implemented");
  }

  delete(node: DeleteNode): string {
    // TODO(12): stage 12.5. `DELETE FROM <table>`, then WHERE, then RETURNING.
    throw new Error("TODO(12): Compiler.delete() is not implemented");
  }

  where(condition: ConditionNode | undefined): string {
    return condition ? ` WHERE ${this.condition(condition)}` : "";
  }

  returning(selections: readonly SelectionNode[]): string {
    return selections.length > 0 ? ` RETURNING ${this.selections(selections)}` : "";
  }

  condition(node: ConditionNode): string {
    // TODO(12): one case per kind of condition.
    // Stage 12.1: "comparison": `<column> <OPERATORS keyword> <operand>`; "and" (what where() twice
    //   makes): the operands through this.nested(), joined by " AND ".
    // Stage 12.2: "or" likewise with " OR "; an AND of none is TRUE, an OR of none FALSE;
    //   "not": `NOT (<condition>)`.
    // Stage 12.3: "in": `<column> IN ($1, $2)` or NOT IN; an empty list is FALSE (NOT IN: TRUE).
    //   "like": `<column> LIKE $n`. "null-test": `<column> IS NULL` or IS NOT NULL.
    throw new Error("TODO(12): Compiler.condition() is not implemented");
  }

  /** An operand of AND or OR: another AND or OR goes in parentheses, so `a OR b` inside an AND stays one term. */
  nested(node: ConditionNode): string {
    // TODO(12): stage 12.1: the condition's SQL. Stage 12.2: in parentheses when the condition is
    // itself an AND or an OR, so that `a OR b` inside an AND stays one term.
    throw new Error("TODO(12): Compiler.nested() is not implemented");
  }

  order(node: OrderNode): string {
    // TODO(12): stage 12.4. `<column> ASC` or DESC (the DIRECTIONS keyword), then ` NULLS FIRST` or
    // ` NULLS LAST` (the NULLS keyword) when node.nulls is set.
    throw new Error("TODO(12): Compiler.order() is not implemented");
  }

  selections(selections: readonly SelectionNode[]): string {
    return selections
      .map((s) =>
        s.alias === undefined ? this.column(s.column) : `${this.column(s.column)} AS ${quoteIdentifier(s.alias)}`,
      )
      .join(", ");
  }

  /** A table where it is introduced: its qualified name, and its alias if it has one. */
  table(node: TableNode): string {
    // TODO(12): stage 12.1: the qualified name, quoted part by part. Stage 12.4: ` AS "<alias>"` after
    // it when the table has an alias.
    throw new Error("TODO(12): Compiler.table() is not implemented");
  }

  /** A column, always qualified by its table's alias or name, so that a join never makes it ambiguous. */
  column(node: ColumnNode): string {
    // TODO(12): stage 12.1: `"<table>"."<column>"`, the table's qualified name first. Stage 12.4: a
    // table with an alias qualifies its columns by the alias alone.
    throw new Error("TODO(12): Compiler.column() is not implemented");
  }

  operand(node: Operand): string {
    return node.kind === "column" ? this.column(node) : this.value(node);
  }

  cell(node: ValueNode | DefaultNode): string {
    return node.kind === "default" ? "DEFAULT" : this.value(node);
  }

  /** The next placeholder, with its value: the value itself never enters the SQL. */
  value(node: ValueNode): string {
    // TODO(12): stage 12.1. Push the value onto this.params, and return `$` and the new length.
    throw new Error("TODO(12): Compiler.value() is not implemented");
  }
}

/** The SQL for a key of a closed table; anything else (a node built from input) is refused. */
function keyword<K extends string>(table: Readonly<Record<K, string>>, key: K, what: string): string {
  // TODO(12): needed from stage 12.1 on, proved by stage 12.8. table[key] only when key is the
  // table's own (Object.hasOwn: "toString" is no operator); anything else is a QueryError.
  throw new Error("TODO(12): keyword() is not implemented");
}
