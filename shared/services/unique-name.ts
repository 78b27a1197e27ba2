import { randomBytes } from "node:crypto";

/** "orders" → "orders-3f9a1c0b": distinct across test files, workers and repeated runs. */
export function uniqueName(base: string, separator = "-"): string {
  return `${base}${separator}${randomBytes(4).toString("hex")}`;
}
