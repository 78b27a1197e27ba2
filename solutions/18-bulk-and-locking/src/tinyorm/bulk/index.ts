// Chapter 18: many rows at once — a multi-row INSERT cut at the parameter limit, COPY FROM STDIN
// in its text format, INSERT … ON CONFLICT — and two ways to share rows between writers: a
// version column that refuses a save over a newer row, and a job queue whose workers claim rows
// with FOR UPDATE SKIP LOCKED.
export { COPY_NULL, copyLine, copyValue, escapeCopyText } from "./copy-format.ts";
export { COPY_CHUNK_CHARS, type CopyRows, copyFrom } from "./copy-from.ts";
export { type CopySource, copyData } from "./copy-in.ts";
export { BulkRowError, CopyFormatError, StaleRowError } from "./errors.ts";
export { insertMany } from "./insert-many.ts";
export { CLAIM_LOCK, DEFAULT_WORKERS, JobQueue, type QueueOptions, type Work } from "./job-queue.ts";
export { FIRST_VERSION, versioned } from "./optimistic-lock.ts";
export { type Upserted, type UpsertOptions, upsert } from "./upsert.ts";
