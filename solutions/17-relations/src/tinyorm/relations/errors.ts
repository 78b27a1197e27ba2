// What relations report. A declaration that cannot work is a RelationError when it is made;
// the N+1 detector, told to throw, throws an NPlusOneError naming the code that loops.
import { ModelError } from "../model/errors.ts";

/** A relation or a foreign key declared so that it cannot work: a field that does not exist, SET NULL on a NOT NULL column. */
export class RelationError extends ModelError {}

/** A relation loaded lazily, one query per row, for many rows of one result. */
export class NPlusOneError extends Error {
  constructor(
    message: string,
    /** The relation, as "Model.relation": "Post.author". */
    readonly relation: string,
    /** Where your code loaded it: "/app/src/feed.ts:42:18". */
    readonly callSite: string,
  ) {
    super(message);
    this.name = "NPlusOneError";
  }
}
