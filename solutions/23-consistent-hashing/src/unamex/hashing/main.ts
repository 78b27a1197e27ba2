// `pnpm exec tsx src/unamex/hashing/main.ts --keys usernames.txt --nodes 4 --vnodes 160`:
// places every key with each strategy, on N nodes and on N + 1, and prints one line per
// strategy: the spread on both, the share of keys moved, the share of those that went to the
// new node, and the time per pick. Keys are the lines of --keys (chapter 21's generator writes
// such a file), normalized by the policy as a router would; without --keys, "user0" … of --count.
// Bad arguments get one line and exit code 2.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { normalizeUsername } from "../normalize/index.ts";
import { HashRing } from "./hash-ring.ts";
import { JumpHash } from "./jump-hash.ts";
import { movement, spread } from "./measure.ts";
import { ModN } from "./mod-n.ts";
import { Rendezvous } from "./rendezvous.ts";
import type { ShardPicker } from "./shard-picker.ts";

const USAGE = "usage: main.ts [--keys FILE | --count N] [--nodes N] [--vnodes N]";

function whole(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new RangeError(`--${name} must be a whole number ≥ 1, not "${text}"`);
  return Number(text);
}

function readKeys(file: string): string[] {
  const keys: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const verdict = line === "" ? undefined : normalizeUsername(line);
    if (verdict?.ok) keys.push(verdict.name);
  }
  return keys;
}

const percent = (share: number) => `${(share * 100).toFixed(2)}%`.padStart(9);

try {
  const { values } = parseArgs({
    options: {
      keys: { type: "string" },
      count: { type: "string", default: "200000" },
      nodes: { type: "string", default: "4" },
      vnodes: { type: "string", default: "160" },
    },
  });
  const keys = values.keys
    ? readKeys(values.keys)
    : Array.from({ length: whole("count", values.count) }, (_, i) => `user${i}`);
  const count = whole("nodes", values.nodes);
  const vnodes = whole("vnodes", values.vnodes);
  const nodes = Array.from({ length: count }, (_, i) => `shard-${i}`);
  const added = `shard-${count}`;
  const strategies: ReadonlyArray<readonly [string, ShardPicker]> = [
    ["mod N", new ModN(nodes)],
    [`ring ×${vnodes}`, new HashRing(nodes, { vnodes })],
    ["jump hash", new JumpHash(nodes)],
    ["rendezvous", new Rendezvous(nodes)],
  ];
  process.stdout.write(`${keys.length} keys, ${count} → ${count + 1} nodes\n`);
  process.stdout.write(
    `${"strategy".padEnd(12)} ${`max/mean ${count}`.padStart(11)} ${`max/mean ${count + 1}`.padStart(11)}    moved  to ${added}  ns/pick\n`,
  );
  for (const [name, before] of strategies) {
    const after = before.withNode(added);
    const moved = movement(before, after, keys);
    const small = spread(before, keys);
    // Timed last, once the picks above have warmed the code up.
    const started = performance.now();
    const grown = spread(after, keys);
    const nanoseconds = ((performance.now() - started) * 1e6) / keys.length;
    process.stdout.write(
      `${name.padEnd(12)} ${small.maxOverMean.toFixed(4).padStart(11)} ${grown.maxOverMean.toFixed(4).padStart(11)} ${percent(moved.fraction)} ${percent((moved.movedTo[added] ?? 0) / Math.max(1, moved.moved))} ${nanoseconds.toFixed(0).padStart(8)}\n`,
    );
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
