// A taken username, as one row of one shard: the canonical name chapter 21's policy made of
// what was typed (the primary key, so a shard holds each name once), the name as it was typed
// (shown back to its owner), and when it was taken.
//
// The model gives the rows a type, the table and its columns to chapter 12's builder, and the
// fields that check a value before it is sent. Its statics (Username.create, Username.find …)
// are not used: they run on tinyorm's one global DB, and a shard set talks to several databases
// at once (see shard.ts).
import { DEFINITION, fields, Model } from "@trilogy/tinyorm";

export class Username extends Model.table("usernames", {
  // Not `name`: every class has a name (Username.name is "Username"), so tinyorm refuses it.
  username: fields.text({ primaryKey: true, column: "name" }),
  typed: fields.text(),
  createdAt: fields.timestamp({ column: "created_at", serverDefault: "now()" }),
}) {}

/** The model's table for chapter 12's builder: its columns are the fields' columns. */
export const USERNAMES = Username[DEFINITION].table;

/**
 * The table on every shard. `COLLATE "C"` orders names byte by byte (chapter 26 searches by
 * prefix on it) and makes the key order the same on every server, whatever its locale.
 */
export const USERNAMES_TABLE_SQL = `CREATE TABLE IF NOT EXISTS usernames (
  name text COLLATE "C" PRIMARY KEY,
  typed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;
