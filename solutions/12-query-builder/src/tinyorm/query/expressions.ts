// The algebra of conditions: AND, OR, NOT over the conditions columns make (column.ts), and the
// escaping a literal needs before it goes into a LIKE pattern.
import { type ConditionNode, frozen } from "./nodes.ts";

/** Every condition holds; with none, TRUE. */
export function and(...operands: ConditionNode[]): ConditionNode {
  return frozen({ kind: "and", operands });
}

/** At least one condition holds; with none, FALSE. */
export function or(...operands: ConditionNode[]): ConditionNode {
  return frozen({ kind: "or", operands });
}

export function not(operand: ConditionNode): ConditionNode {
  return frozen({ kind: "not", operand });
}

/** `current AND next`, flat: where(a).where(b).where(c) is one AND of three, not nested pairs. */
export function andAlso(current: ConditionNode | undefined, next: ConditionNode): ConditionNode {
  if (current === undefined) return next;
  return current.kind === "and" ? and(...current.operands, next) : and(current, next);
}

/**
 * `text` as a LIKE pattern that matches only itself: `%` and `_` are wildcards and `\` is LIKE's
 * escape character (docs §9.7.1), so each of the three gets a backslash before it, in one
 * pass over the text (two passes, % before \, would escape the escapes the first one added).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
