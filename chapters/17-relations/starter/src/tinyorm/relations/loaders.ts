// Loading one relation for a batch of rows in one query: the rows' keys go in one
// `WHERE … IN ($1, $2, …)` (docs §9.24.1), whatever the number of rows. A lazy load is the
// same thing for a batch of one; eager loading is the reason it is written for a batch.
//
//   belongsTo   SELECT users.* FROM users WHERE users.id IN (the posts' author ids)
//   hasMany     SELECT posts.* FROM posts WHERE posts.author_id IN (the users' ids)
//   manyToMany  SELECT tags.*, post_tags.post_id FROM tags JOIN post_tags ON post_tags.tag_id = tags.id
//               WHERE post_tags.post_id IN (the posts' ids)
//
// Each returns a Map from the owner row to what it loaded. A key list is deduplicated first:
// 100 posts by 7 authors ask for 7 users.
import type { Row } from "../connection.ts";
import { DB } from "../model/db.ts";
import { DEFINITION, Model } from "../model/model.ts";
import type { ModelQuery } from "../model/model-query.ts";
import type { SqlValue } from "../parameters.ts";
import { execute } from "../query/execute.ts";
import { SelectQuery } from "../query/select.ts";
import { table } from "../query/table.ts";
import { RelationError } from "./errors.ts";
import type { AnyRelation, BelongsTo, HasMany, ManyToMany, ModelLike } from "./relation-types.ts";

/** The column alias that carries the owner's key beside a many-to-many target's columns. */
const OWNER_KEY = "tinyorm_owner_key";

/** What each row of `owners` (rows of `owner`) has in `relation`. */
export function loadRelation(
  owner: ModelLike,
  relation: AnyRelation,
  owners: readonly Model[],
): Promise<Map<Model, unknown>> {
  if (owners.length === 0) return Promise.resolve(new Map());
  switch (relation.kind) {
    case "belongsTo":
      return loadBelongsTo(relation, owners);
    case "hasMany":
      return loadHasMany(owner, relation, owners);
    case "manyToMany":
      return loadManyToMany(owner, relation, owners);
  }
}

async function loadBelongsTo(
  relation: BelongsTo<ModelLike, string>,
  owners: readonly Model[],
): Promise<Map<Model, unknown>> {
  // TODO(17): one SELECT of the target (selectOf(target)) WHERE its key column IN (the rows'
  // relation.foreignKey values, distinct, without null); then each row → the target row whose
  // key is its foreign key's value, or null.
  throw new Error("TODO(17): loading a belongsTo relation is not implemented");
}

async function loadHasMany(
  owner: ModelLike,
  relation: HasMany<ModelLike, string>,
  owners: readonly Model[],
): Promise<Map<Model, unknown>> {
  // TODO(17): one SELECT of the target WHERE its foreign key column (columnOf(target,
  // relation.foreignKey)) IN (the rows' keys), ORDER BY the target's key; then each row → the
  // target rows whose foreign key holds its key ([] for none).
  throw new Error("TODO(17): loading a hasMany relation is not implemented");
}

async function loadManyToMany(
  owner: ModelLike,
  relation: ManyToMany<ModelLike>,
  owners: readonly Model[],
): Promise<Map<Model, unknown>> {
  // TODO(17): one SELECT of the target's columns and the join table's ownerColumn (as OWNER_KEY),
  // FROM the target JOIN the join table ON its targetColumn = the target's key, WHERE its
  // ownerColumn IN (the rows' keys), ORDER BY the target's key: build it on
  // new SelectQuery<Row>(selectOf(target).node), run it with execute(await DB.queryable(), …),
  // and make each row an instance with selectOf(target).instanceFrom(row). Each row → its list.
  throw new Error("TODO(17): loading a manyToMany relation is not implemented");
}

/** `Target.select()`: every column of the model, rows made instances of its class. */
function selectOf(model: ModelLike): ModelQuery<Model> {
  return Model.select.call(model as never) as ModelQuery<Model>;
}

/** The column of `model`'s field named `name`; a RelationError when it has none. */
function columnOf(model: ModelLike, name: string): string {
  const property = model[DEFINITION].byName.get(name);
  if (!property) throw new RelationError(`${model.name} has no field "${name}" for a relation to use`);
  return property.column;
}

function cellOf(row: Model, property: string): unknown {
  return (row as unknown as Record<string, unknown>)[property];
}

/** The keys once each, without null: IN (1, 1, 1) asks the same thing three times. */
function distinct(values: readonly unknown[]): SqlValue[] {
  return [...new Set(values)].filter((value) => value !== null && value !== undefined) as SqlValue[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => unknown): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  return groups;
}
