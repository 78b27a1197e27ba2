// Which statements a standby can answer. A hot standby runs read-only transactions only
// (docs "Hot Standby", User's Overview): anything that writes, takes a row lock or changes a sequence fails there with
// 25006. The router cannot parse SQL, so it trusts only what is plainly a read — a SELECT with
// no locking clause — and sends everything else to the primary, where it is always right.

/** true when `sql` may run on a standby. WITH … (which may hide an INSERT) goes to the primary. */
export function isRead(_sql: string): boolean {
  throw new Error(
    "TODO(19): isRead — a SELECT (any case, after spaces) without FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE",
  );
}
