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
import { keepPrepared, type Row as ResultRow } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import { compile } from "../query/compile.ts";
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
let reading = false;

/** find()'s SQL, per model class (Model.#findSql). */
const findSql = new WeakMap<AnyModelClass, string>();

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
    checked(this.name, definitionOf(this).key, key);
    // The call an application makes most often, and always the same statement: SELECT … WHERE
    // key = $1 LIMIT $2. Its SQL is built once per model (#findSql) and kept prepared on every
    // session (keepPrepared): a call binds the key and LIMIT's 1 and reads the row, with no query
    // tree to build and compile, and no SQL for the server to parse and plan, each time.
    const { rows } = await (await DB.queryable()).query(Model.#findSql(this, key as SqlValue), [key as SqlValue, 1]);
    return rows[0] ? Model.#fromRow(this, rows[0]) : null;
  }

  static async findMany<M extends AnyModelClass>(this: M, options: FindOptions = {}): Promise<InstanceType<M>[]> {
    let query = Model.#query(this);
    if (options.where) query = query.where(options.where);
    if (options.orderBy) query = query.orderBy(...[options.orderBy].flat());
    if (options.limit !== undefined) query = query.limit(options.limit);
    if (options.offset !== undefined) query = query.offset(options.offset);
    return query.all();
  }

  /** SELECT every field; narrow it with where(), orderBy(), limit(), offset(), then all() or first(). */
  static select<M extends AnyModelClass>(this: M): ModelQuery<InstanceType<M>> {
    return Model.#query(this);
  }

  /** Deletes every row `condition` holds for; resolves with how many. Every row: deleteWhere(and()). */
  static async deleteWhere<M extends AnyModelClass>(this: M, condition: ConditionNode): Promise<number> {
    const { rowCount } = await execute(await DB.queryable(), deleteFrom(definitionOf(this).table).where(condition));
    return rowCount;
  }
  // biome-ignore-end lint/complexity/noThisInStatic: `this` is the model class, on purpose

  /**
   * find()'s SQL for `model`, compiled from the first call's key. The text never depends on the
   * key: the compiler turns every value into the next placeholder, left to right, so the key in
   * WHERE is always $1 and LIMIT's 1 is $2.
   */
  static #findSql<M extends AnyModelClass>(model: M, key: SqlValue): string {
    let sql = findSql.get(model);
    if (sql === undefined) {
      const definition = definitionOf(model);
      const byKey = Model.#query(model).where(definition.table[definition.key.column]!.eq(key)).limit(1);
      sql = compile(byKey).sql;
      keepPrepared(sql);
      findSql.set(model, sql);
    }
    return sql;
  }

  static #query<M extends AnyModelClass>(model: M): ModelQuery<InstanceType<M>> {
    return new ModelQuery(select(definitionOf(model).table), (row) => Model.#fromRow(model, row));
  }

  static #fromRow<M extends AnyModelClass>(model: M, row: ResultRow): InstanceType<M> {
    reading = true;
    let instance: InstanceType<M>;
    try {
      instance = new model() as InstanceType<M>;
    } finally {
      reading = false;
    }
    instance.#load(row);
    return instance;
  }

  /** A new instance, not yet in the database: save() inserts it. `values` is what create() takes. */
  constructor(values: object) {
    if (reading) return;
    const definition = definitionOf(new.target);
    const model = new.target.name;
    for (const [name, value] of Object.entries(values)) {
      const property = definition.byName.get(name);
      // A key from outside (a request body) must not reach a column no one declared.
      if (!property) throw new ValidationError(model, name, "is not a field of this model");
      if (value === undefined) continue;
      if (property.field.options.generated) {
        throw new ValidationError(model, name, "is generated by the server: it cannot be given");
      }
      this.#values.set(name, checked(model, property, value));
    }
    for (const property of definition.properties) {
      const fallback = property.field.options.default;
      if (fallback === undefined || this.#values.has(property.name)) continue;
      const value = typeof fallback === "function" ? fallback() : fallback;
      this.#values.set(property.name, checked(model, property, value));
    }
  }

  /**
   * Writes the instance to its row: INSERT … RETURNING for a new one, so the server's ids and
   * defaults come back; UPDATE of the changed columns only for a stored one, and nothing at all
   * when none changed. A failed save changes nothing: the instance keeps its changes for the next.
   */
  async save(): Promise<void> {
    const definition = definitionOf(this.constructor);
    if (this.#state === "deleted") {
      throw new DeletedInstanceError(`${this.#describe()} was deleted: it cannot be saved`);
    }
    if (this.#state === "new") {
      const query = insertInto(definition.table).values(this.#insertedCells()).returning();
      const { rows } = await execute(await DB.queryable(), query);
      this.#load(rows[0] ?? {});
      return;
    }
    const changed = this.#changed();
    if (changed.length === 0) return;
    const set: Cells = {};
    for (const property of changed) set[property.column] = this.#parameter(property);
    const query = update(definition.table).set(set).where(this.#isThisRow()).returning();
    const { rows } = await execute(await DB.queryable(), query);
    const [row] = rows;
    if (!row) {
      throw new RowNotFoundError(`${this.#describe()} is no longer in the table: it was deleted since it was read`);
    }
    this.#load(row);
  }

  /** Deletes the instance's row; the instance refuses save() and delete() from then on. */
  async delete(): Promise<void> {
    const definition = definitionOf(this.constructor);
    if (this.#state === "deleted") throw new DeletedInstanceError(`${this.#describe()} was already deleted`);
    if (this.#state === "new") {
      throw new ModelError(`${this.constructor.name} was never saved: there is no row to delete`);
    }
    await execute(await DB.queryable(), deleteFrom(definition.table).where(this.#isThisRow()));
    this.#state = "deleted";
  }

  #read(property: Property): unknown {
    if (this.#values.has(property.name)) return this.#values.get(property.name);
    throw new ModelError(
      `${this.constructor.name}.${property.name} has no value yet: the server gives it one when the row is inserted (await save())`,
    );
  }

  #write(property: Property, value: unknown): void {
    const model = this.constructor.name;
    if (property.field.options.primaryKey) {
      throw new ValidationError(model, property.name, "is the primary key: it names the row and cannot be assigned");
    }
    if (property.field.options.generated) {
      throw new ValidationError(model, property.name, "is generated by the server: it cannot be assigned");
    }
    this.#values.set(property.name, checked(model, property, value));
  }

  /** The columns of an INSERT: every field with a value. One without is left to the server's DEFAULT. */
  #insertedCells(): Cells {
    const model = this.constructor.name;
    const cells: Cells = {};
    for (const property of definitionOf(this.constructor).properties) {
      if (this.#values.has(property.name)) cells[property.column] = this.#parameter(property);
      else if (!omissible(property.field)) {
        throw new ValidationError(model, property.name, "is required: its column is NOT NULL and has no default");
      }
    }
    return cells;
  }

  /** The fields whose value differs from the row's. */
  #changed(): Property[] {
    return definitionOf(this.constructor).properties.filter(
      (property) => !isDeepStrictEqual(this.#values.get(property.name), this.#stored.get(property.name)),
    );
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
    const model = this.constructor.name;
    const { properties } = definitionOf(this.constructor);
    // Every value is checked before any is taken: a row that does not fit leaves the instance as it was.
    for (const property of properties) {
      const value = row[property.column];
      const problem = value === null ? nullProblem(property) : property.field.type.check(value);
      if (problem) {
        throw new ValidationError(
          model,
          property.name,
          `the database returned a value that does not fit the field (is column ${JSON.stringify(property.column)} of type ${property.field.type.sql}?): ${problem}`,
        );
      }
    }
    for (const property of properties) {
      const value = row[property.column];
      this.#values.set(property.name, value);
      // A copy: a value changed in place must not change what the row is known to hold. Strings,
      // numbers and the like cannot change in place: only objects (a Date, a JSON document) need one.
      this.#stored.set(property.name, typeof value === "object" && value !== null ? structuredClone(value) : value);
    }
    this.#state = "stored";
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
  const problem = value === null ? nullProblem(property) : property.field.type.check(value);
  if (problem) throw new ValidationError(model, property.name, problem);
  return value;
}

function nullProblem(property: Property): string | undefined {
  return property.field.options.nullable
    ? undefined
    : "cannot be null: declare it { nullable: true } if the column allows NULL";
}

/** A field an INSERT may leave out: the column allows NULL, or the server or the model has a default. */
function omissible(field: AnyField): boolean {
  const { nullable, serverDefault, generated } = field.options;
  return nullable === true || serverDefault !== undefined || generated === true;
}
