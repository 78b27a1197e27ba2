// A row looked up by the key in the URL, or a 404. find() answers null for a key nobody has;
// a handler that needs the row says so with this, and error-mapping.ts answers 404.

import { RowNotFoundError } from "../model/errors.ts";
import type { Model } from "../model/model.ts";

/** What findOrNotFound() needs of a model class: its name and find(). */
interface Findable<I, K> {
  readonly name: string;
  find(key: K): Promise<I | null>;
}

/** The instance whose key is `key`; RowNotFoundError ("User 7 does not exist") when there is none. */
export async function findOrNotFound<I extends Model, K>(model: Findable<I, K>, key: K): Promise<I> {
  const found = await model.find(key);
  if (found === null) throw new RowNotFoundError(`${model.name} ${String(key)} does not exist`);
  return found;
}
