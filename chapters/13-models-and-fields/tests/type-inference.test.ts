// Stage 13.6: types inferred from the declarations, judged by the TypeScript compiler over the
// fixtures in fixtures/types/ (see type-fixtures.ts for how a fixture passes).
import { type TypeFixture, typeStage } from "./type-fixtures.ts";

/** [fixture, what it proves, a hint for a failure in it]. */
const FIXTURES: TypeFixture[] = [
  [
    "inferred.ts",
    "infers exact types: each field's value, null where nullable, the class's instances from every query",
    "Row<S> maps each property to ValueOf<S[P]>; ValueOf reads T from Field<T, O> and adds null when O says nullable: true. Statics take `this: M` and return InstanceType<M>.",
  ],
  [
    "column-names.ts",
    "refuses a column the model does not declare: a typo, a column's own name, another model's column",
    "The class's static columns are a mapped type over the schema's keys: ColumnRefs<S> = { [P in keyof S]: Column<ValueOf<S[P]>, …> }, not an index signature.",
  ],
  [
    "values.ts",
    "refuses a value of the wrong type for a field: assigned, given to create(), compared, used as a key",
    "The instance's properties, create()'s input, each Column's T and find()'s key all come from ValueOf of the field.",
  ],
  [
    "create-input.ts",
    "refuses an unknown field, a missing required one and a generated one in create(); a primary key cannot be assigned",
    "CreateInput<S>: required for fields with no default that are not nullable, optional (?) for the others, generated ones left out. Row<S>: readonly for the key.",
  ],
  [
    "declarations.ts",
    "refuses a field named like a member every model has, and Model's statics on Model itself",
    "Model.table's schema parameter is S & Unreserved<S>: a property named like a static of Model, a member of an instance or of Function gets a type no field has.",
  ],
];

typeStage("13.6", "chapters/13-models-and-fields/tests/fixtures/types", FIXTURES);
