// What a shard set refuses, as classes a caller can catch. A taken name is an answer, not a
// failure: the sign-up form says "taken" and the program goes on.
import type { Reason } from "../normalize/reasons.ts";

/** claim() of a name whose canonical form a shard already holds. */
export class NameTakenError extends Error {
  override readonly name = "NameTakenError";

  constructor(
    /** The canonical name that is taken. */
    readonly username: string,
    /** The shard that holds it. */
    readonly shard: string,
  ) {
    super(`the name "${username}" is taken (on ${shard})`);
  }
}

/** A name the username policy refuses: it cannot be stored, so it cannot be looked up either. */
export class NameRefusedError extends TypeError {
  override readonly name = "NameRefusedError";

  constructor(
    /** The argument that held it: "name", "names[3]". */
    readonly argument: string,
    /** The policy's reason (chapter 21). */
    readonly reason: Reason,
    message: string,
  ) {
    super(`${argument} is refused by the username policy (${reason}): ${message}`);
  }
}
