// A shard set: N Postgres databases that share one table of taken names, and the picker of
// chapter 23 that says which database owns each name. Every router computes the same owner from
// the same picker, so a lookup asks one shard, never all of them.
//
//   "Ada" ─► policy ─► "ada" ─► picker.pick("ada") ─► "shard-2" ─► SELECT … WHERE name = 'ada'
//
// The set may hold more shards than its picker uses: a fifth database is added empty, and
// reshard() (reshard.ts) then hands it its share of the keys and switches the picker.
import { compile, insertInto, UniqueViolation } from "@trilogy/tinyorm";
import { HashRing } from "../hashing/hash-ring.ts";
import type { ShardPicker } from "../hashing/shard-picker.ts";
import { type BulkLoadOptions, bulkLoad, type LoadSummary } from "./bulk-load.ts";
import { canonical } from "./canonical.ts";
import { checkPicker, checkUrls } from "./config.ts";
import { NameTakenError } from "./errors.ts";
import { type ReshardOptions, type ReshardReport, reshard } from "./reshard.ts";
import { type Scattered, type ScatterOptions, type ShardQuery, scatter } from "./scatter.ts";
import { DEFAULT_CONNECTIONS_PER_SHARD, Shard } from "./shard.ts";
import { USERNAMES, USERNAMES_TABLE_SQL } from "./username.ts";

export interface ShardSetOptions {
  /** Places names on shards; its nodes must be shards of the set. Default: a HashRing over all of them. */
  picker?: ShardPicker;
  /** Sessions each shard's pool may open (default DEFAULT_CONNECTIONS_PER_SHARD). */
  connectionsPerShard?: number;
}

/** A name as a shard holds it. */
export interface TakenName {
  /** The canonical name, the key. */
  name: string;
  /** What its owner typed. */
  typed: string;
  createdAt: Date;
}

/** The name of the shard at `index` of the URL list: the node name pickers place keys on. */
export function shardName(index: number): string {
  return `shard-${index}`;
}

export class ShardSet {
  /** The shards, in the order of their URLs: shards[i] is shardName(i). */
  readonly shards: readonly Shard[];
  #picker: ShardPicker;
  readonly #byName: ReadonlyMap<string, Shard>;

  constructor(urls: readonly string[], options: ShardSetOptions = {}) {
    const checked = checkUrls(urls);
    const connections = options.connectionsPerShard ?? DEFAULT_CONNECTIONS_PER_SHARD;
    if (!Number.isInteger(connections) || connections < 1)
      throw new RangeError(`connectionsPerShard must be a whole number of at least 1, not ${connections}`);
    const names = checked.map((_, index) => shardName(index));
    const picker = options.picker ?? new HashRing(names);
    checkPicker(picker, names, "picker");
    this.shards = Object.freeze(checked.map((url, index) => new Shard(names[index]!, url, connections)));
    this.#byName = new Map(this.shards.map((shard) => [shard.name, shard]));
    this.#picker = picker;
  }

  /** The picker that places names now; reshard() replaces it once the keys have moved. */
  get picker(): ShardPicker {
    return this.#picker;
  }

  /** Creates the usernames table on every shard that has none. */
  async createSchema(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.query(USERNAMES_TABLE_SQL)));
  }

  /** The shard that owns `name` (as typed: the policy makes it canonical first). */
  shardOf(name: string): string {
    return this.#picker.pick(canonical(name, "name"));
  }

  /** Whether `name`, in any of its typed forms, is taken. */
  async exists(name: string): Promise<boolean> {
    const [taken] = await this.existsMany([name]);
    return taken === true;
  }

  /**
   * Whether each of `names` is taken, in their order: one query per shard that owns any of
   * them, all shards at once, however many names there are.
   */
  async existsMany(names: readonly string[]): Promise<boolean[]> {
    if (!Array.isArray(names)) throw new TypeError("names must be an array of names");
    const keys = names.map((name, index) => canonical(name, `names[${index}]`));
    const byShard = new Map<Shard, string[]>();
    for (const key of new Set(keys)) {
      const shard = this.#shard(this.#picker.pick(key));
      const list = byShard.get(shard);
      if (list) list.push(key);
      else byShard.set(shard, [key]);
    }
    const taken = new Set<string>();
    await Promise.all(
      [...byShard].map(async ([shard, list]) => {
        // One array parameter, not one placeholder per name: the statement stays the same for
        // 1 name or 50,000, under the 65,535 parameters a statement may carry.
        const { rows } = await shard.query<{ name: string }>(
          "SELECT name FROM usernames WHERE name = ANY($1::text[])",
          [list],
        );
        for (const row of rows) taken.add(row.name);
      }),
    );
    return keys.map((key) => taken.has(key));
  }

  /** Takes `name` for whoever typed it; a NameTakenError if its canonical form is taken. */
  async claim(name: string): Promise<TakenName> {
    const key = canonical(name, "name");
    const shard = this.#shard(this.#picker.pick(key));
    const insert = compile(insertInto(USERNAMES).values({ name: key, typed: name }).returning());
    try {
      const [row] = (await shard.query(insert.sql, insert.params)).rows;
      return { name: String(row?.name), typed: String(row?.typed), createdAt: row?.created_at as Date };
    } catch (error) {
      // The primary key decides, in the same statement: no window between a look and an insert.
      if (error instanceof UniqueViolation) throw new NameTakenError(key, shard.name);
      throw error;
    }
  }

  /** Loads many names through COPY, in batches per shard; see bulk-load.ts. */
  bulkLoad(names: Iterable<string> | AsyncIterable<string>, options: BulkLoadOptions = {}): Promise<LoadSummary> {
    return bulkLoad(this.shards, this.#picker, names, options);
  }

  /** Rows per shard, counted on each. */
  async counts(): Promise<Record<string, number>> {
    const counted = await Promise.all(
      this.shards.map(async (shard) => {
        const { rows } = await shard.query<{ count: number }>("SELECT count(*)::int AS count FROM usernames");
        return [shard.name, rows[0]?.count ?? 0] as const;
      }),
    );
    return Object.fromEntries(counted);
  }

  /** Runs `query` on every shard at once, within a deadline; see scatter.ts. */
  scatter<R>(query: ShardQuery<R>, options: ScatterOptions): Promise<Scattered<R>> {
    return scatter(this.shards, query, options);
  }

  /** Moves the keys whose owner differs under `to`, then places names with `to`; see reshard.ts. */
  async reshard(to: ShardPicker, options: ReshardOptions = {}): Promise<ReshardReport> {
    checkPicker(to, [...this.#byName.keys()], "to");
    const report = await reshard(this.shards, to, options);
    this.#picker = to;
    return report;
  }

  /** Ends every shard's pool. */
  async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.close()));
  }

  #shard(name: string): Shard {
    const shard = this.#byName.get(name);
    if (!shard) throw new RangeError(`the picker placed a name on "${name}", which is not a shard of this set`);
    return shard;
  }
}
