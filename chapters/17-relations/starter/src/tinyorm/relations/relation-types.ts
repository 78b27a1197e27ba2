// The types a relation's declaration implies, computed by the type checker from the models alone.
// For
//
//   const posts = relations(Post, ({ belongsTo, manyToMany }) => ({
//     author: belongsTo(() => User, "authorId"),
//     tags: manyToMany(() => Tag, { through: "post_tags", ownerColumn: "post_id", targetColumn: "tag_id" }),
//   }));
//
// `await posts.of(post).author()` is a `User` (a `User | null` when authorId is nullable), the
// tags a `Tag[]`, and `posts.load(rows, "author")` gives rows on which `row.author` is a `User`.
// A relation named otherwise ("autor") is no key of the declaration, so it does not compile.
import type { DEFINITION, Definition, Model } from "../model/model.ts";
import type { Schema, ValueOf } from "../model/row-types.ts";

/** Any model class: what Model.table() made, or a class that extends it. */
export type ModelLike = { readonly [DEFINITION]: Definition<Schema> } & (abstract new (...args: never[]) => Model);

/** The declaration of a model's fields. */
export type SchemaOf<M extends ModelLike> = M[typeof DEFINITION]["schema"];

/** A row of the model: an instance of its class. (Not query/'s RowOf, the row type of a selection.) */
export type InstanceOf<M extends ModelLike> = InstanceType<M>;

/** Post belongsTo User: the post holds the user's key in one of its own fields. */
export interface BelongsTo<T extends ModelLike, K extends string> {
  readonly kind: "belongsTo";
  readonly target: () => T;
  /** The owner's field that holds the target's key: "authorId". */
  readonly foreignKey: K;
}

/** User hasMany Post: each post holds the user's key in one of its fields. */
export interface HasMany<T extends ModelLike, K extends string> {
  readonly kind: "hasMany";
  readonly target: () => T;
  /** The target's field that holds the owner's key: Post's "authorId". */
  readonly foreignKey: K;
}

/** Where a many-to-many relation's pairs are: one row (owner key, target key) per pair. */
export interface Through {
  /** The join table: one identifier, or [schema, table]. */
  readonly through: string | readonly [schema: string, table: string];
  /** Its column holding the owner's key: "post_id". */
  readonly ownerColumn: string;
  /** Its column holding the target's key: "tag_id". */
  readonly targetColumn: string;
}

/** Post manyToMany Tag, through post_tags. */
export interface ManyToMany<T extends ModelLike> extends Through {
  readonly kind: "manyToMany";
  readonly target: () => T;
}

export type AnyRelation = BelongsTo<ModelLike, string> | HasMany<ModelLike, string> | ManyToMany<ModelLike>;

/** A model's relations, by name. */
export type RelationMap = { readonly [name: string]: AnyRelation };

/**
 * What relation R of model M loads: one row of the target for belongsTo (or null when the owner's
 * field allows NULL), every matching row for hasMany and manyToMany.
 */
// TODO(17): InstanceOf<T> for a BelongsTo<T, K> (| null when null extends the value of the owner's
// field K: ValueOf<SchemaOf<M>[K]>), InstanceOf<T>[] for HasMany<T, K> and ManyToMany<T>; infer T.
export type RelationValue<_M extends ModelLike, _R> = unknown;

/** A row of M on which the relations named N have been loaded: `post.author` is the User. */
export type Loaded<M extends ModelLike, D extends RelationMap, N extends keyof D> = InstanceOf<M> & {
  readonly [R in N]: RelationValue<M, D[R]>;
};

/** One row's relations, each a function that loads it for that row alone. */
export type LazyRelations<M extends ModelLike, D extends RelationMap> = {
  readonly [R in keyof D]: () => Promise<RelationValue<M, D[R]>>;
};

/** A relation cannot be named like a field: `post.author` would be two things. */
export type NotAField<M extends ModelLike, D> = {
  readonly [R in keyof D & keyof SchemaOf<M>]: `"${R & string}" is a field of the model: name the relation otherwise`;
};
