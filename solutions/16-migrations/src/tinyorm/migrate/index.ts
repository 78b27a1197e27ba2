// Migrations, chapter 16: files with up() and down(), a version table with a checksum per
// applied migration, one transaction per migration, one migrator at a time (an advisory lock),
// make to write the next migration from the models, and the `tinyorm` command.
export { type LiveColumn, type LiveTable, readCatalog } from "./catalog.ts";
export { type CliContext, DEFAULT_DIR, EXIT_FAILED, EXIT_USAGE, runCli, USAGE } from "./cli.ts";
export { ChecksumMismatchError, MigrationError, MigrationFailedError } from "./errors.ts";
export { MIGRATION_FILE, type MigrationFile, type MigrationModule, readMigrations, type Sql } from "./files.ts";
export { MIGRATION_LOCK_KEY, withMigrationLock } from "./lock.ts";
export { make } from "./make.ts";
export { type MigrationStatus, migrate, type RollbackOptions, rollback, status } from "./migrate.ts";
export { type DeclaredModel, diffSchema, type SchemaChange } from "./schema-diff.ts";
export { type AppliedMigration, VERSION_TABLE } from "./version-table.ts";
