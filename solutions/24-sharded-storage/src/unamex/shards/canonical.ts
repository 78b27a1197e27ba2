// Every name a shard set is given goes through chapter 21's policy first: the shards hold
// canonical names only, so "Ada", "ＡＤＡ" and "ada" are one key, on one shard.
import { normalizeUsername } from "../normalize/policy.ts";
import { NameRefusedError } from "./errors.ts";

/** The canonical form of `typed`, or a NameRefusedError naming `argument` ("name", "names[2]"). */
export function canonical(typed: unknown, argument: string): string {
  const verdict = normalizeUsername(typed);
  if (!verdict.ok) throw new NameRefusedError(argument, verdict.reason, verdict.message);
  return verdict.name;
}
