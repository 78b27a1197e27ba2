// Which statements a standby can answer. A hot standby runs read-only transactions only
// (docs "Hot Standby", User's Overview): anything that writes, takes a row lock or changes a sequence fails there with
// 25006. The router cannot parse SQL, so it trusts only what is plainly a read — a SELECT with
// no locking clause — and sends everything else to the primary, where it is always right.

const SELECT = /^\s*select\b/i;
// SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE locks rows: a write, in effect (§13.3.2).
const LOCKING_CLAUSE = /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b/i;

/** true when `sql` may run on a standby. WITH … (which may hide an INSERT) goes to the primary. */
export function isRead(sql: string): boolean {
  return SELECT.test(sql) && !LOCKING_CLAUSE.test(sql);
}
