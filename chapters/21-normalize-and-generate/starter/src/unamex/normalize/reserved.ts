// Names a user must not hold: ones that speak for the service, or that software treats specially.
// Reserving the words alone is not enough. Each of these is refused as a variant of "admin":
//
//   Admin, ＡＤＭＩＮ     case and width        (the mapping already made them "admin")
//   ad_min, ad.min       separators inside     (removed before comparing)
//   admin1, admin2024    a number after it     (trailing digits removed before comparing)
//   admın, r00t          look-alikes           (compared by skeleton: ı → i, 0 → o)
//
// "adm1n" is not refused: in the skeleton "1" is "l", and "admln" is not a reserved word.
import { skeleton } from "./skeleton.ts";

/** The reserved words, as they are written; each is compared by its stem. */
export const RESERVED_NAMES: readonly string[] = [
  "abuse",
  "admin",
  "administrator",
  "anonymous",
  "api",
  "billing",
  "everyone",
  "help",
  "hostmaster",
  "login",
  "mail",
  "moderator",
  "null",
  "official",
  "owner",
  "postmaster",
  "root",
  "security",
  "settings",
  "signup",
  "staff",
  "support",
  "system",
  "unamex",
  "undefined",
  "webmaster",
  "www",
];

/** What a name is compared by: no separators, no number at the end, and look-alikes folded. */
export function stemOf(name: string): string {
  // TODO(21): the skeleton of the name without separators and without a number at its end.
  throw new Error("TODO(21): stemOf() is not implemented");
}

/** The reserved word `name` (already mapped) is a variant of, if any. */
export function reservedWord(name: string): string | undefined {
  // TODO(21): the reserved word whose stem is the name's stem, if any.
  throw new Error("TODO(21): reservedWord() is not implemented");
}
