// Mistakes a learner could make in chapter 17, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const FOREIGN_KEY = "src/tinyorm/relations/foreign-key.ts";
const LOADERS = "src/tinyorm/relations/loaders.ts";
const RELATIONS = "src/tinyorm/relations/relations.ts";
const TYPES = "src/tinyorm/relations/relation-types.ts";
const DETECTOR = "src/tinyorm/relations/n-plus-one.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "17.1",
    file: FOREIGN_KEY,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "` ON DELETE ${key.onDelete.toUpperCase()}`",
    to: "` ON DELETE CASCADE`",
    what: "every foreign key written ON DELETE CASCADE, whatever onDelete says",
  },
  {
    stage: "17.1",
    file: FOREIGN_KEY,
    from: 'const onDelete = options?.onDelete ?? "no action";',
    to: 'const onDelete = options?.onDelete ?? "restrict";',
    what: "a foreign key without onDelete made RESTRICT instead of the server's default, NO ACTION",
  },
  {
    stage: "17.1",
    file: FOREIGN_KEY,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "` FOREIGN KEY (${quoteIdentifier(property.column)})`",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "` FOREIGN KEY (${quoteIdentifier(property.name)})`",
    what: "the constraint names the property (authorId) instead of its column (author_id)",
  },
  {
    stage: "17.1",
    file: FOREIGN_KEY,
    from: 'if (onDelete === "set null" && field.options.nullable !== true) {',
    to: 'if (onDelete === "set null" && field.options.nullable === false) {',
    what: "SET NULL accepted on a field that never said nullable",
  },
  {
    stage: "17.2",
    file: LOADERS,
    from: "const keys = distinct(owners.map((row) => cellOf(row, foreignKey)));",
    to: 'const keys = distinct(owners.map((row) => cellOf(row, "id")));',
    what: "belongsTo looks the author up by the post's own id, not by its authorId",
  },
  {
    stage: "17.2",
    file: LOADERS,
    from: "    .where(targetTable[foreignKey]!.in(keys))",
    to: "    .where(targetTable[key.column]!.in(keys))",
    what: "hasMany compares the owner's key with the target's primary key, not with its foreign key",
  },
  {
    stage: "17.2",
    file: LOADERS,
    from: ".join(through, through[relation.targetColumn]!.eq(targetTable[key.column]!))",
    to: ".join(through, through[relation.ownerColumn]!.eq(targetTable[key.column]!))",
    what: "manyToMany joins the target on the join table's owner column",
  },
  {
    stage: "17.2",
    file: LOADERS,
    from: "return new Map(owners.map((row) => [row, byKey.get(cellOf(row, foreignKey)) ?? null]));",
    to: "return new Map(owners.map((row) => [row, byKey.get(cellOf(row, foreignKey))]));",
    what: "a belongsTo whose foreign key is NULL loads undefined, not null",
  },
  {
    stage: "17.3",
    file: RELATIONS,
    from: `    for (const name of names) {
      const loaded = await loadRelation(this.model, this.#relation(name), rows);
      for (const [row, value] of loaded) {`,
    to: `    for (const name of names) {
      const loaded = new Map();
      for (const one of rows) for (const [row, value] of await loadRelation(this.model, this.#relation(name), [one])) loaded.set(row, value);
      for (const [row, value] of loaded) {`,
    what: "eager loading that loads each row on its own: one query per row (N+1)",
  },
  {
    stage: "17.3",
    file: LOADERS,
    from: "await selectOf(target).where(targetTable[key.column]!.in(keys)).all();",
    to: "await selectOf(target).all();",
    what: "belongsTo reads the whole target table and picks the rows it needs in JavaScript",
  },
  {
    stage: "17.3",
    file: LOADERS,
    from: "const keys = distinct(owners.map((row) => cellOf(row, foreignKey)));",
    to: "const keys = owners.map((row) => cellOf(row, foreignKey)).filter((value) => value !== null) as SqlValue[];",
    what: "the authors' keys not deduplicated: 100 posts by 10 authors ask for 100 keys",
  },
  {
    stage: "17.3",
    file: RELATIONS,
    from: "Object.defineProperty(row, name, { value, enumerable: true, configurable: true });",
    to: "Object.defineProperty(row, name, { value, enumerable: true });",
    what: "the loaded relation set non-configurable: loading it a second time throws",
  },
  {
    stage: "17.4",
    file: TYPES,
    from: "      ? InstanceOf<T> | null\n      : InstanceOf<T>\n",
    to: "      ? InstanceOf<T> | null\n      : InstanceOf<T> | null\n",
    what: "every belongsTo typed nullable, even through a NOT NULL foreign key",
  },
  {
    stage: "17.4",
    file: TYPES,
    from: "  readonly [R in keyof D]: () => Promise<RelationValue<M, D[R]>>;",
    to: "  readonly [name: string]: () => Promise<RelationValue<M, D[string]>>;",
    what: "of() typed with an index signature: a misspelt relation compiles",
  },
  {
    stage: "17.4",
    file: RELATIONS,
    from: "declare: (builders: RelationBuilders<M>) => D & NotAField<M, D>,",
    to: "declare: (builders: RelationBuilders<M>) => D,",
    what: "a relation may be named like a field of the model",
  },
  {
    stage: "17.4",
    file: FOREIGN_KEY,
    from: "SameType<Held<F>, KeyValue<SchemaOf<T>>> extends true",
    to: "SameType<Held<F>, Held<F>> extends true",
    what: "references() accepts a field whose type is not the referenced key's",
  },
  {
    stage: "17.5",
    file: DETECTOR,
    from: "if (rows.size < threshold || result.reported.has(relation)) return;",
    to: "if (rows.size < threshold) return;",
    what: "reported again for every row past the threshold, not once per result",
  },
  {
    stage: "17.5",
    file: DETECTOR,
    from: "if (rows.size < threshold || result.reported.has(relation)) return;",
    to: "if (rows.size <= threshold || result.reported.has(relation)) return;",
    what: "reported one row late (off by one on the threshold)",
  },
  {
    stage: "17.5",
    file: "src/tinyorm/relations/call-site.ts",
    from: "file.startsWith(TINYORM_DIR)",
    to: 'file.endsWith("call-site.ts")',
    what: "only call-site.ts's own frame skipped: the call site named is tinyorm's, not the caller's",
  },
  {
    stage: "17.5",
    file: RELATIONS,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "    noteLazyLoad(instance, `${this.model.name}.${name}`);\n    return loadRelation(this.model, relation, [instance]).then((loaded) => loaded.get(instance));",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "    return loadRelation(this.model, relation, [instance]).then((loaded) => {\n      noteLazyLoad(instance, `${this.model.name}.${name}`);\n      return loaded.get(instance);\n    });",
    what: "the lazy load noted after its query: the caller's frame is no longer on the stack",
  },
  {
    stage: "17.5",
    file: "src/tinyorm/model/model-query.ts",
    from: "return rememberResult(rows.map(this.#instance));",
    to: "return rows.map(this.#instance);",
    what: "the rows of one result not linked: the detector cannot see a loop",
  },
];
