// One statement carries at most 65,535 parameters: the Bind message counts them in an Int16
// (protocol §55.7, Bind), and the server reads that count unsigned. The `pg` driver writes
// whatever count it has into those 16 bits, so 65,536 parameters arrive as 0 and the server
// refuses the statement. A large INSERT is therefore cut into several statements, each with
// as many whole rows as fit.
import type { Compilable } from "./compile.ts";
import { ParameterLimitError } from "./errors.ts";
import { type DefaultNode, frozen, type InsertNode, type StatementNode, type ValueNode } from "./nodes.ts";

/** The most parameters one statement can carry: 2^16 − 1 (protocol §55.7, Bind). */
export const MAX_PARAMETERS = 65_535;

/**
 * The statements that run `query` within the limit: an INSERT as INSERTs of consecutive rows,
 * in order; any other statement as it is (compile() refuses it if it is still too large).
 */
export function split(query: Compilable): StatementNode[] {
  const node = "node" in query ? query.node : query;
  return node.kind === "insert" ? splitInsert(node) : [node];
}

function splitInsert(node: InsertNode): InsertNode[] {
  // TODO(12): stage 12.7. Walk the rows in order, counting the parameters each sends (its value
  // cells: a DEFAULT sends none). When the next row would take the count past MAX_PARAMETERS,
  // close the current statement ({ ...node, rows }) and start another. An INSERT without rows
  // stays one statement, for compile() to refuse.
  throw new Error("TODO(12): split() of a large INSERT is not implemented");
}
