// The tables the checks of chapter 12 query: their SQL, the rows in them, and their tinyorm
// declarations. Expected answers are written from these rows by hand, never computed by the
// code under check.
import { table } from "@lab/src/tinyorm/index.ts";

export interface User {
  id: number;
  username: string;
  email: string | null;
  karma: number;
}

export interface Post {
  id: number;
  author_id: number;
  title: string;
  score: number | null;
}

/**
 * Six users whose names hold LIKE's own characters: a_b has an underscore, a%z a percent sign,
 * x\y a backslash. Only ada, grace and a%z have an email.
 */
export const CATALOG = String.raw`
CREATE TABLE users (id int PRIMARY KEY, username text NOT NULL UNIQUE, email text, karma int NOT NULL DEFAULT 0);
INSERT INTO users VALUES
  (1, 'ada', 'ada@example.org', 50),
  (2, 'alan', NULL, 30),
  (3, 'grace', 'grace@example.org', 80),
  (4, 'a_b', NULL, 10),
  (5, 'a%z', 'z@example.org', 20),
  (6, 'x\y', NULL, 0);
CREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users, title text NOT NULL, score int);
INSERT INTO posts VALUES
  (1, 1, 'Notes on the Analytical Engine', 10),
  (2, 1, 'Sketch of the engine', NULL),
  (3, 3, 'COBOL', 7);
`;

export const users = table<User>("users", ["id", "username", "email", "karma"]);
export const posts = table<Post>("posts", ["id", "author_id", "title", "score"]);

/** SELECT of every column of users, as the compiler writes it. */
export const SELECT_USERS = `SELECT "users"."id", "users"."username", "users"."email", "users"."karma" FROM "users"`;
