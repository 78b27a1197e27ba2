// Mistakes a model refuses before anything is sent, and the states an instance cannot be used
// in. Errors the server reports (a duplicate username: UniqueViolation) stay chapter 11's
// typed errors: a model adds no class of its own for them.

/** A model used in a way it cannot be: declared wrongly, or read before it has a value. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value that does not fit its field, or a field the model does not have. Nothing was sent. */
export class ValidationError extends ModelError {
  constructor(
    /** The model's name: "User". */
    readonly model: string,
    /** The property, as the model declares it: "createdAt". */
    readonly field: string,
    /** What is wrong with it: "expected a string, got 42 (a number)". */
    readonly reason: string,
  ) {
    super(`${model}.${field}: ${reason}`);
  }
}

/** save() or delete() on an instance whose row was deleted through it. Nothing was sent. */
export class DeletedInstanceError extends ModelError {}

/** save() found no row to update: someone else deleted it since it was read. */
export class RowNotFoundError extends ModelError {}

/** DB used before DB.configure(), or configured again while its connection is open. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}
