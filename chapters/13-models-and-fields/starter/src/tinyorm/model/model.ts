// A model: a class whose instances are rows of one table.
//
//   class User extends Model.table("users", {
//     id: fields.int({ primaryKey: true, generated: true }),
//     username: fields.text(),
//     createdAt: fields.timestamp({ column: "created_at", serverDefault: "now()" }),
//   }) {}
//
// Model.table() makes the class User extends: a typed column reference per field on the class
// (User.username, for chapter 12's conditions), an accessor per field on its instances, and
// the statics that read and write rows (create, find, findMany, select, deleteWhere). Every
// query is built with chapter 12's builder and run on DB's connection.
//
// An instance keeps two sets of values: those it holds now, and those the row holds in the
// database as last read or written. save() sends the difference and nothing else — no
// statement at all when there is none — so two programs that change different columns of one
// row do not undo each other's change. The comparison is by value, so a JSON document or a
// Date changed in place counts as changed, and a value set back to what it was does not.
import { isDeepStrictEqual } from "node:util";
import type { Row as ResultRow } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import { deleteFrom } from "../query/delete.ts";
import { execute } from "../query/execute.ts";
import { insertInto } from "../query/insert.ts";
import type { ConditionNode, OrderNode } from "../query/nodes.ts";
import { select } from "../query/select.ts";
import { TABLE, type Table, table } from "../query/table.ts";
import { update } from "../query/update.ts";
import { DB } from "./db.ts";
import { DeletedInstanceError, ModelError, RowNotFoundError, ValidationError } from "./errors.ts";
import { ModelQuery } from "./model-query.ts";
import type { AnyField, ColumnRefs, CreateInput, KeyValue, Row, Schema } from "./row-types.ts";

/** Where a model class keeps its declaration: under a symbol, so that no field name can collide with it. */
export const DEFINITION = Symbol("tinyorm.model");

/** A row as chapter 12's builder writes it: column name → value. */
type Cells = Record<string, SqlValue>;

interface Property {
  /** The property's name on the class and its instances. */
  readonly name: string;
  readonly column: string;
  readonly field: AnyField;
}

export interface Definition<S extends Schema> {
  readonly schema: S;
  /** The table for chapter 12's builder: its columns are the fields' columns, in declaration order. */
  readonly table: Table<Cells>;
  readonly properties: readonly Property[];
  readonly byName: ReadonlyMap<string, Property>;
  readonly key: Property;
}

/** A model class as Model.table() makes it: Model's statics, a column per field, and instances holding the fields' values. */
export type ModelClass<S extends Schema> = Omit<typeof Model, "prototype"> &
  ColumnRefs<S> & { readonly [DEFINITION]: Definition<S> } & (new (
    values: CreateInput<S>,
  ) => Model & Row<S>);

/** Any class Model.table() made, or a class that extends one: what Model's statics run on. */
type AnyModelClass = { readonly [DEFINITION]: Definition<Schema> } & (new (...args: never[]) => Model);

type SchemaOf<M extends AnyModelClass> = M[typeof DEFINITION]["schema"];

/** Names a field cannot have: they are the class's own (create, name, call …) or an instance's (save, delete). */
type ReservedName = Extract<keyof typeof Model | keyof Model | keyof CallableFunction, string>;

/** What the compiler says about a field named like that, as the type no field has. */
type Reserved<P extends string> =
  `"${P}" is a name every model has: call the property something else, with { column: "${P}" }`;

/** A compile error on each field whose name is reserved, saying what to do instead. */
type Unreserved<S> = { readonly [P in keyof S & ReservedName]: Reserved<P> };

export interface FindOptions {
  where?: ConditionNode;
  orderBy?: OrderNode | readonly OrderNode[];
  limit?: number | bigint;
  offset?: number | bigint;
}

/**
 * Set while a row read from the database becomes an instance: the constructor then leaves the
 * values to #load, and no client-side default is computed for a row that already has its values.
 */
// biome-ignore lint/style/useConst: #fromRow() sets it, once you have written it
let reading = false;

export abstract class Model {
  /** The values this instance holds now. A field the server has not filled in yet has none. */
  readonly #values = new Map<string, unknown>();
  /** The values of its row in the database, as last read or written: save() sends what differs. */
  readonly #stored = new Map<string, unknown>();
  #state: "new" | "stored" | "deleted" = "new";

  /**
   * The class for the table `name` with these fields. Extend it: `class User extends
   * Model.table("users", { … }) {}`. `name` is one identifier, or [schema, table].
   */
  static table<const S extends Schema>(
    name: string | readonly [schema: string, table: string],
    schema: S & Unreserved<S>,
  ): ModelClass<S> {
    const definition = define(name, schema);
    abstract class Declared extends Model {}
    Object.defineProperty(Declared, DEFINITION, { value: definition });
    // The table node, so that a model can be joined like any chapter 12 table.
    Object.defineProperty(Declared, TABLE, { value: definition.table[TABLE] });
    for (const property of definition.properties) {
      Object.defineProperty(Declared, property.name, { value: definition.table[property.column], enumerable: true });
      Object.defineProperty(Declared.prototype, property.name, {
        get(this: Model) {
          return this.#read(property);
        },
        set(this: Model, value: unknown) {
          this.#write(property, value);
        },
      });
    }
    return Declared as unknown as ModelClass<S>;
  }

  // The statics run on the class they are called on: in User.find(1), `this` is User, whose
  // instances find() returns, not Model.
  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the model class, on purpose
  /** Inserts a row with these values and returns it as an instance, with what the server filled in. */
  static async create<M extends AnyModelClass>(this: M, values: CreateInput<SchemaOf<M>>): Promise<InstanceType<M>> {
    const instance = new this(values as never) as InstanceType<M>;
    await instance.save();
    return instance;
  }

  /** The row whose primary key is `key`, or null. */
  static async find<M extends AnyModelClass>(this: M, key: KeyValue<SchemaOf<M>>): Promise<InstanceType<M> | null> {
    // TODO(13): stage 13.2. Model.#query(this), where the key's column (definitionOf(this).table
    // holds a Column per column name) equals `key`, and its first() row.
    // Stage 13.7: a key of the wrong type cannot name a row: check it against the key field first.
    throw new Error("TODO(13): Model.find() is not implemented");
  }

  static async findMany<M extends AnyModelClass>(this: M, options: FindOptions = {}): Promise<InstanceType<M>[]> {
    // TODO(13): stage 13.2. Model.#query(this) with each option that is given applied to it
    // (orderBy is one order or a list of them), then all().
    throw new Error("TODO(13): Model.findMany() is not implemented");
  }

  /** SELECT every field; narrow it with where(), orderBy(), limit(), offset(), then all() or first(). */
  static select<M extends AnyModelClass>(this: M): ModelQuery<InstanceType<M>> {
    return Model.#query(this);
  }

  /** Deletes every row `condition` holds for; resolves with how many. Every row: deleteWhere(and()). */
  static async deleteWhere<M extends AnyModelClass>(this: M, condition: ConditionNode): Promise<number> {
    // TODO(13): stage 13.5. DELETE FROM the model's table WHERE condition (chapter 12's
    // deleteFrom()), run with execute(); resolve with the number of rows it deleted.
    throw new Error("TODO(13): Model.deleteWhere() is not implemented");
  }
  // biome-ignore-end lint/complexity/noThisInStatic: `this` is the model class, on purpose

  static #query<M extends AnyModelClass>(model: M): ModelQuery<InstanceType<M>> {
    return new ModelQuery(select(definitionOf(model).table), (row) => Model.#fromRow(model, row));
  }

  static #fromRow<M extends AnyModelClass>(model: M, row: ResultRow): InstanceType<M> {
    // TODO(13): stage 13.2. An instance of `model` whose values are the row's: #load(row).
    // Stage 13.4: a row already has its values, so the constructor must not compute client-side
    // defaults for it (a default may count, or draw a random token): set `reading` around the
    // `new`, and reset it even if the constructor throws.
    throw new Error("TODO(13): making an instance of a row read is not implemented");
  }

  /** A new instance, not yet in the database: save() inserts it. `values` is what create() takes. */
  constructor(values: object) {
    // TODO(13): stage 13.2. Keep each value given in #values, under its property's name
    // (definitionOf(new.target).byName finds the property; new.target.name is the model's name).
    // Stage 13.4: a key whose value is undefined gives no value; then give each field that has
    // options.default and no value its default: the value, or the function's result.
    // Stage 13.7: a key that is not a field, or a generated field given a value, is a
    // ValidationError; every value goes through checked().
    throw new Error("TODO(13): the Model constructor is not implemented");
  }

  /**
   * Writes the instance to its row: INSERT … RETURNING for a new one, so the server's ids and
   * defaults come back; UPDATE of the changed columns only for a stored one, and nothing at all
   * when none changed. A failed save changes nothing: the instance keeps its changes for the next.
   */
  async save(): Promise<void> {
    // TODO(13): stage 13.2. A new instance: INSERT INTO the table the #insertedCells(), RETURNING
    // every column (chapter 12's insertInto()), run with execute() on await DB.queryable(); then
    // #load() the row it returns.
    // Stage 13.3: a stored instance: UPDATE … SET only the #changed() columns (each value through
    // #parameter()) WHERE #isThisRow() RETURNING, then #load() that row; with nothing changed,
    // return before any query.
    // Stage 13.5: a deleted instance is a DeletedInstanceError; an UPDATE that returns no row
    // found none: RowNotFoundError.
    throw new Error("TODO(13): Model.save() is not implemented");
  }

  /** Deletes the instance's row; the instance refuses save() and delete() from then on. */
  async delete(): Promise<void> {
    // TODO(13): stage 13.5. DELETE FROM the table WHERE #isThisRow(), then remember that the
    // instance is deleted. Before sending anything: a deleted instance is a DeletedInstanceError,
    // a new one (no row, no key) a ModelError.
    throw new Error("TODO(13): Model.delete() is not implemented");
  }

  #read(property: Property): unknown {
    // TODO(13): stage 13.1. The value this instance holds for the field.
    // Stage 13.4: a field with no value yet (the server fills it in at the INSERT) is a
    // ModelError: its type promises a value, so it must not read as undefined.
    throw new Error(`TODO(13): reading ${this.constructor.name}.${property.name} is not implemented`);
  }

  #write(property: Property, value: unknown): void {
    // TODO(13): stage 13.3. Keep the value in #values; save() compares it with #stored.
    // Stage 13.7: refuse the primary key (it names the row) and a generated field with a
    // ValidationError, and check the value with checked() before keeping it.
    throw new Error(`TODO(13): assigning ${this.constructor.name}.${property.name} is not implemented`);
  }

  /** The columns of an INSERT: every field with a value. One without is left to the server's DEFAULT. */
  #insertedCells(): Cells {
    // TODO(13): stage 13.2. column name → #parameter(property), for each field with a value.
    // Stage 13.4: a field without one is left out, so the column's DEFAULT applies; one that is
    // not omissible() is a ValidationError (stage 13.7) rather than the server's NotNullViolation.
    throw new Error("TODO(13): the cells of an INSERT are not implemented");
  }

  /** The fields whose value differs from the row's. */
  #changed(): Property[] {
    // TODO(13): stage 13.3. Compare by value (isDeepStrictEqual), not by identity and not by
    // whether the setter ran: a value set back to what the row holds is no change, a Date or a
    // JSON document changed in place is one.
    throw new Error("TODO(13): finding what changed is not implemented");
  }

  /** A field's value as a parameter, checked again: a JSON document may have been changed in place since it was assigned. */
  #parameter(property: Property): SqlValue {
    const value = checked(this.constructor.name, property, this.#values.get(property.name));
    return value === null ? null : property.field.type.toParameter(value as SqlValue);
  }

  /** WHERE key = the key the row has in the database. */
  #isThisRow(): ConditionNode {
    const { key, table } = definitionOf(this.constructor);
    return table[key.column]!.eq(this.#stored.get(key.name) as SqlValue);
  }

  /** Takes the row's values, as the database returned them, as both what it holds and what the row holds. */
  #load(row: ResultRow): void {
    // TODO(13): stage 13.1. Check every column of the row against its field first (NULL only
    // where nullProblem() allows it, anything else with the field type's check()), and throw a
    // ValidationError naming the field and its column's SQL type for a value that does not fit;
    // then take each value into #values, and set #state to "stored".
    // Stage 13.3: keep a copy of each value (structuredClone) in #stored, as what the row holds.
    throw new Error("TODO(13): taking a row's values is not implemented");
  }

  #describe(): string {
    const { key } = definitionOf(this.constructor);
    return `${this.constructor.name} with ${key.name} ${String(this.#stored.get(key.name))}`;
  }
}

function define<S extends Schema>(name: string | readonly [string, string], schema: S): Definition<S> {
  const properties = Object.entries(schema).map(([property, field]) => {
    // The class and its instances already have these (Model.create, Function.prototype.call, save …).
    if (property in Model || property in Model.prototype) {
      throw new ModelError(
        `a field cannot be called "${property}": every model has that name; call it otherwise, with { column: "${property}" }`,
      );
    }
    return { name: property, column: field.options.column ?? property, field };
  });
  const columns = properties.map((property) => property.column);
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated !== undefined) throw new ModelError(`two fields map to the column "${repeated}"`);
  const keys = properties.filter((property) => property.field.options.primaryKey);
  // save() and delete() name their row by the key: without exactly one, they could not.
  if (keys.length !== 1 || !keys[0]) {
    throw new ModelError(`a model needs exactly one field with { primaryKey: true }; this one has ${keys.length}`);
  }
  return {
    schema,
    table: table<Cells>(name, columns),
    properties,
    byName: new Map(properties.map((property) => [property.name, property])),
    key: keys[0],
  };
}

function definitionOf(model: object): Definition<Schema> {
  const definition = (model as { readonly [DEFINITION]?: Definition<Schema> })[DEFINITION];
  if (!definition) throw new ModelError("a model class extends Model.table(name, fields), not Model itself");
  return definition;
}

/** `value` if it fits the field; a ValidationError naming the field if not. */
function checked(model: string, property: Property, value: unknown): unknown {
  // TODO(13): stage 13.1. value === null → nullProblem(property); anything else → the field
  // type's check(value). A problem is a ValidationError(model, property.name, problem).
  throw new Error("TODO(13): checked() is not implemented");
}

function nullProblem(property: Property): string | undefined {
  // TODO(13): stage 13.1. undefined for a nullable field; for any other, the reason null is refused.
  throw new Error("TODO(13): nullProblem() is not implemented");
}

/** A field an INSERT may leave out: the column allows NULL, or the server or the model has a default. */
function omissible(field: AnyField): boolean {
  // TODO(13): stage 13.4. nullable, a serverDefault, or generated.
  throw new Error("TODO(13): omissible() is not implemented");
}
