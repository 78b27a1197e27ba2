// Stage 17.4: types inferred from the relations, judged by the TypeScript compiler over the
// fixtures in fixtures/types/ (see chapter 13's type-fixtures.ts for how a fixture passes).
import { type TypeFixture, typeStage } from "../../13-models-and-fields/tests/type-fixtures.ts";

/** [fixture, what it proves, a hint for a failure in it]. */
const FIXTURES: TypeFixture[] = [
  [
    "inferred.ts",
    "infers what each relation loads: a post's author is a User, a nullable one User | null, a list Tag[] or Post[]",
    "RelationValue<M, R> infers the target T from BelongsTo<T, K>, HasMany<T, K> or ManyToMany<T> and gives InstanceType<T> (| null when the owner's field K is nullable) or InstanceType<T>[]. of() returns LazyRelations<M, D>; load() returns Loaded<M, D, N[number]>[].",
  ],
  [
    "names.ts",
    "refuses a relation that was not declared: a typo, another model's relation, one not loaded",
    "of() is a mapped type over the keys of the declaration D (not an index signature); load()'s names are (keyof D & string)[]; Loaded adds only the relations named.",
  ],
  [
    "declarations.ts",
    "refuses a foreign key field the model lacks, a relation named like a field, and a key of the wrong type",
    "The builders are typed with the owner M: belongsTo's K extends keyof SchemaOf<M>, hasMany's K extends keyof SchemaOf<T>. relations() takes D & NotAField<M, D>. references() ends with a rest parameter that is a message type when the field's type is not KeyValue of the target.",
  ],
];

typeStage("17.4", "chapters/17-relations/tests/fixtures/types", FIXTURES);
