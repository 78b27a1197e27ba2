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
  const node = "node" in query ? query.node : query;
  const compiler = new Compiler();
  const sql = compiler.statement(node);
  // The Bind message counts its parameters in 16 bits (protocol §55.7): one more would wrap to 0.
  if (compiler.params.length > MAX_PARAMETERS) throw new ParameterLimitError(compiler.params.length, MAX_PARAMETERS);
  return { sql, params: compiler.params };
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
    // No columns (a table declared without any, or .columns() with none): SELECT *, all the server has.
    let sql = `SELECT ${node.columns.length === 0 ? "*" : this.selections(node.columns)} FROM ${this.table(node.from)}`;
    for (const join of node.joins) {
      sql += ` ${keyword(JOINS, join.type, "join")} ${this.table(join.table)} ON ${this.condition(join.on)}`;
    }
    sql += this.where(node.where);
    if (node.orderBy.length > 0) sql += ` ORDER BY ${node.orderBy.map((order) => this.order(order)).join(", ")}`;
    if (node.limit) sql += ` LIMIT ${this.value(node.limit)}`;
    if (node.offset) sql += ` OFFSET ${this.value(node.offset)}`;
    return sql;
  }

  insert(node: InsertNode): string {
    if (node.rows.length === 0) throw new QueryError("an INSERT needs at least one row");
    let sql = `INSERT INTO ${this.table(node.into)}`;
    if (node.columns.length === 0) {
      // Only one row can consist of defaults alone (docs: INSERT, DEFAULT VALUES).
      if (node.rows.length > 1) throw new QueryError("rows with no values: insert them one at a time (DEFAULT VALUES)");
      sql += " DEFAULT VALUES";
    } else {
      const rows = node.rows.map((row) => `(${row.map((cell) => this.cell(cell)).join(", ")})`);
      sql += ` (${node.columns.map(quoteIdentifier).join(", ")}) VALUES ${rows.join(", ")}`;
    }
    return sql + this.returning(node.returning);
  }

  update(node: UpdateNode): string {
    if (node.set.length === 0) throw new QueryError("an UPDATE needs at least one column to set");
    const set = node.set.map((a) => `${quoteIdentifier(a.column)} = ${this.operand(a.value)}`).join(", ");
    return `UPDATE ${this.table(node.table)} SET ${set}${this.where(node.where)}${this.returning(node.returning)}`;
  }

  delete(node: DeleteNode): string {
    return `DELETE FROM ${this.table(node.from)}${this.where(node.where)}${this.returning(node.returning)}`;
  }

  where(condition: ConditionNode | undefined): string {
    return condition ? ` WHERE ${this.condition(condition)}` : "";
  }

  returning(selections: readonly SelectionNode[]): string {
    return selections.length > 0 ? ` RETURNING ${this.selections(selections)}` : "";
  }

  condition(node: ConditionNode): string {
    switch (node.kind) {
      case "comparison":
        return `${this.column(node.left)} ${keyword(OPERATORS, node.operator, "operator")} ${this.operand(node.right)}`;
      case "in":
        // IN () is not SQL. An empty list contains nothing: IN is false for every row, NOT IN true.
        if (node.values.length === 0) return node.negated ? "TRUE" : "FALSE";
        return `${this.column(node.left)} ${node.negated ? "NOT IN" : "IN"} (${node.values.map((v) => this.value(v)).join(", ")})`;
      case "like":
        return `${this.column(node.left)} LIKE ${this.value(node.pattern)}`;
      case "null-test":
        return `${this.column(node.operand)} IS ${node.negated ? "NOT NULL" : "NULL"}`;
      case "and":
      case "or":
        if (node.operands.length === 0) return node.kind === "and" ? "TRUE" : "FALSE";
        return node.operands.map((operand) => this.nested(operand)).join(node.kind === "and" ? " AND " : " OR ");
      case "not":
        return `NOT (${this.condition(node.operand)})`;
    }
  }

  /** An operand of AND or OR: another AND or OR goes in parentheses, so `a OR b` inside an AND stays one term. */
  nested(node: ConditionNode): string {
    const sql = this.condition(node);
    return node.kind === "and" || node.kind === "or" ? `(${sql})` : sql;
  }

  order(node: OrderNode): string {
    const nulls = node.nulls === undefined ? "" : ` ${keyword(NULLS, node.nulls, "nulls order")}`;
    return `${this.column(node.column)} ${keyword(DIRECTIONS, node.direction, "direction")}${nulls}`;
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
    const name = quoteQualified(node.name);
    return node.alias === undefined ? name : `${name} AS ${quoteIdentifier(node.alias)}`;
  }

  /** A column, always qualified by its table's alias or name, so that a join never makes it ambiguous. */
  column(node: ColumnNode): string {
    const table = node.table.alias === undefined ? quoteQualified(node.table.name) : quoteIdentifier(node.table.alias);
    return `${table}.${quoteIdentifier(node.name)}`;
  }

  operand(node: Operand): string {
    return node.kind === "column" ? this.column(node) : this.value(node);
  }

  cell(node: ValueNode | DefaultNode): string {
    return node.kind === "default" ? "DEFAULT" : this.value(node);
  }

  /** The next placeholder, with its value: the value itself never enters the SQL. */
  value(node: ValueNode): string {
    this.params.push(node.value);
    return `$${this.params.length}`;
  }
}

/** The SQL for a key of a closed table; anything else (a node built from input) is refused. */
function keyword<K extends string>(table: Readonly<Record<K, string>>, key: K, what: string): string {
  if (!Object.hasOwn(table, key)) throw new QueryError(`${JSON.stringify(key)} is not a ${what}`);
  return table[key];
}
