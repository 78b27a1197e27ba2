// A model's relations, declared once, after the models they join:
//
//   export const postRelations = relations(Post, ({ belongsTo, manyToMany }) => ({
//     author: belongsTo(() => User, "authorId"),
//     tags: manyToMany(() => Tag, { through: "post_tags", ownerColumn: "post_id", targetColumn: "tag_id" }),
//   }));
//   export const userRelations = relations(User, ({ hasMany }) => ({ posts: hasMany(() => Post, "authorId") }));
//
// Two ways to load them. Lazily, for one row: `await postRelations.of(post).author()`, one
// query. Eagerly, for many: `await postRelations.load(posts, "author", "tags")`, one query per
// relation whatever the number of rows, after which `post.author` and `post.tags` are there.
// Lazy loading in a loop over many rows is the N+1 problem; the detector (n-plus-one.ts) says so.
import { DEFINITION, type Model } from "../model/model.ts";
import { RelationError } from "./errors.ts";
import { loadRelation } from "./loaders.ts";
import { noteLazyLoad } from "./n-plus-one.ts";
import type {
  BelongsTo,
  HasMany,
  InstanceOf,
  LazyRelations,
  Loaded,
  ManyToMany,
  ModelLike,
  NotAField,
  RelationMap,
  SchemaOf,
  Through,
} from "./relation-types.ts";

/** The three kinds of relation, with the owner's fields known: a misspelt field does not compile. */
export interface RelationBuilders<M extends ModelLike> {
  /** The owner holds the target's key in `foreignKey`, one of its own fields. */
  belongsTo<T extends ModelLike, K extends keyof SchemaOf<M> & string>(target: () => T, foreignKey: K): BelongsTo<T, K>;
  /** Each target row holds the owner's key in `foreignKey`, one of the target's fields. */
  hasMany<T extends ModelLike, K extends keyof SchemaOf<T> & string>(target: () => T, foreignKey: K): HasMany<T, K>;
  /** Owner and target are paired by the rows of a join table. */
  manyToMany<T extends ModelLike>(target: () => T, through: Through): ManyToMany<T>;
}

const builders: RelationBuilders<ModelLike> = {
  belongsTo: (target, foreignKey) => Object.freeze({ kind: "belongsTo", target, foreignKey }),
  hasMany: (target, foreignKey) => Object.freeze({ kind: "hasMany", target, foreignKey }),
  manyToMany: (target, through) => Object.freeze({ kind: "manyToMany", target, ...through }),
};

export class Relations<M extends ModelLike, D extends RelationMap> {
  constructor(
    readonly model: M,
    readonly declared: D,
  ) {}

  /** Row `instance`'s relations, each loaded for it alone, with one query, when called. */
  of(instance: InstanceOf<M>): LazyRelations<M, D> {
    const lazy: Record<string, () => Promise<unknown>> = {};
    for (const name of Object.keys(this.declared)) lazy[name] = () => this.#lazy(instance, name);
    return lazy as LazyRelations<M, D>;
  }

  /**
   * Loads the relations named for every row of `rows`, one query per relation, and sets each on
   * its row: after `load(posts, "author")`, `post.author` is the post's User. Resolves with the rows.
   */
  async load<const N extends readonly (keyof D & string)[]>(
    rows: readonly InstanceOf<M>[],
    ...names: N
  ): Promise<Loaded<M, D, N[number]>[]> {
    // TODO(17): for each name, one loadRelation(this.model, this.#relation(name), rows) for all
    // the rows; set each row's value on the row under the relation's name (Object.defineProperty,
    // enumerable and configurable), and resolve with the rows.
    throw new Error("TODO(17): Relations.load() is not implemented");
  }

  #lazy(instance: Model, name: string): Promise<unknown> {
    // TODO(17): the relation named (this.#relation), noted for the N+1 detector first —
    // noteLazyLoad(instance, "<Model>.<name>"), synchronously, before any await — then loaded for
    // a batch of one row: loadRelation(this.model, relation, [instance]), and that row's value.
    throw new Error(`TODO(17): lazy loading of ${this.model.name}.${name} is not implemented`);
  }

  #relation(name: string) {
    const relation = this.declared[name];
    if (!relation) throw new RelationError(`${this.model.name} has no relation "${name}"`);
    return relation;
  }
}

/** Declares `model`'s relations: `declare` gets the builders and returns them by name. */
export function relations<M extends ModelLike, const D extends RelationMap>(
  model: M,
  declare: (builders: RelationBuilders<M>) => D & NotAField<M, D>,
): Relations<M, D> {
  const declared = declare(builders as unknown as RelationBuilders<M>);
  const { byName } = model[DEFINITION];
  for (const [name, relation] of Object.entries(declared)) {
    // The row would hold the field and the loaded relation under one name.
    if (byName.has(name)) throw new RelationError(`${model.name}: "${name}" is a field; name the relation otherwise`);
    if (relation.kind === "belongsTo" && !byName.has(relation.foreignKey)) {
      throw new RelationError(`${model.name} has no field "${relation.foreignKey}" to hold ${name}'s key`);
    }
  }
  return new Relations(model, declared);
}
