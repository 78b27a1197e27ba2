// Stage 23.6: bad input, for every picker. A router is configured by people: an empty node list, a
// node named twice, vnodes: 0 or a key that is not a string must be refused with a typed error
// that names the argument, before anything is placed, and a refused change leaves the picker as it was.
import { HashRing, JumpHash, jumpHash, MAX_VNODES, ModN, Rendezvous, type ShardPicker } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectRefusal } from "./expect.ts";

type Make = (nodes: readonly string[]) => ShardPicker;

const PICKERS: ReadonlyArray<readonly [string, Make]> = [
  ["ModN", (nodes) => new ModN(nodes)],
  ["HashRing", (nodes) => new HashRing(nodes)],
  ["JumpHash", (nodes) => new JumpHash(nodes)],
  ["Rendezvous", (nodes) => new Rendezvous(nodes)],
];

/** [nodes given, error, what the message names, why]. */
const BAD_NODES: ReadonlyArray<readonly [unknown, typeof RangeError | typeof TypeError, string, string]> = [
  [[], RangeError, "nodes", "no node: nowhere to put a key"],
  [["a", "b", "a"], RangeError, '"a"', "a node named twice would get twice the keys, or tie with itself"],
  [["a", ""], TypeError, "nodes[1]", "an empty name"],
  [["a", 7], TypeError, "nodes[1]", "a name that is not a string"],
  ["a,b", TypeError, "nodes", "a string, not an array"],
];

const BAD_VNODES: readonly unknown[] = [0, -1, 1.5, Number.NaN, MAX_VNODES + 1, "160"];

stage("23.6", () => {
  test("every picker refuses an empty, duplicated or malformed node list, naming it", () => {
    for (const [name, make] of PICKERS)
      for (const [nodes, type, mentions, why] of BAD_NODES)
        expectRefusal(
          `new ${name}(${JSON.stringify(nodes)})`,
          () => make(nodes as readonly string[]),
          type,
          mentions,
          `${why}: check the list with checkNodes() (shard-picker.ts) before anything else`,
        );
  });

  test(`HashRing refuses vnodes that are not a whole number from 1 to ${MAX_VNODES}`, () => {
    for (const vnodes of BAD_VNODES)
      expectRefusal(
        `new HashRing(["a", "b"], { vnodes: ${JSON.stringify(vnodes) ?? String(vnodes)} })`,
        () => new HashRing(["a", "b"], { vnodes: vnodes as number }),
        RangeError,
        "vnodes",
        "Number.isInteger(vnodes) && vnodes >= 1 && vnodes <= MAX_VNODES, or a RangeError naming vnodes",
      );
  });

  test("every picker refuses a key that is not a string, and jumpHash() a bad key or bucket count", () => {
    for (const [name, make] of PICKERS) {
      const picker = call(`new ${name}(["a", "b"])`, () => make(["a", "b"]));
      for (const key of [42, undefined, null])
        expectRefusal(
          `new ${name}(["a", "b"]).pick(${String(key)})`,
          () => picker.pick(key as unknown as string),
          TypeError,
          "key",
          'keyHash() checks typeof key === "string": a number would be hashed as its digits and land somewhere',
        );
    }
    for (const [args, type, mentions] of [
      [[5n, 0], RangeError, "buckets"],
      [[5n, 2.5], RangeError, "buckets"],
      [[5n, 2 ** 31], RangeError, "buckets"],
      [[-1n, 3], RangeError, "key"],
      [[2n ** 64n, 3], RangeError, "key"],
      [[5, 3], TypeError, "key"],
    ] as const)
      expectRefusal(
        `jumpHash(${typeof args[0] === "bigint" ? `${args[0]}n` : args[0]}, ${args[1]})`,
        () => jumpHash(args[0] as bigint, args[1]),
        type,
        mentions,
        "key: a bigint in [0, 2^64); buckets: a whole number from 1 to MAX_BUCKETS (2^31 − 1)",
      );
  });

  test("a refused change leaves the picker as it was, and the caller's array is not the picker's", () => {
    for (const [name, make] of PICKERS) {
      const given = ["a", "b"];
      const picker = call(`new ${name}(["a", "b"])`, () => make(given));
      given.push("c");
      expectEqual(
        `new ${name}(list).nodes after list.push("c")`,
        ["a", "b"],
        [...picker.nodes],
        "keep a copy of the node list: the caller may change theirs",
      );
      const before = ["ada", "bob", "chen", "dan"].map((key) => picker.pick(key));
      expectRefusal(
        `new ${name}(["a", "b"]).withNode("a")`,
        () => picker.withNode("a"),
        RangeError,
        '"a"',
        "a node already there is a duplicate",
      );
      expectRefusal(
        `new ${name}(["a", "b"]).withoutNode("z")`,
        () => picker.withoutNode("z"),
        RangeError,
        '"z"',
        "a node that is not there cannot leave",
      );
      const one = call(`new ${name}(["a"])`, () => make(["a"]));
      expectRefusal(
        `new ${name}(["a"]).withoutNode("a")`,
        () => one.withoutNode("a"),
        RangeError,
        '"a"',
        "the only node cannot leave: a picker needs one",
      );
      expectEqual(
        `new ${name}(["a", "b"]).nodes after the refusals`,
        ["a", "b"],
        [...picker.nodes],
        "withNode() and withoutNode() return a new picker and never change this one",
      );
      expectEqual(
        `the picks of ada, bob, chen and dan after the refusals`,
        before,
        ["ada", "bob", "chen", "dan"].map((key) => picker.pick(key)),
        "a refused change must not touch the picker",
      );
    }
  });
});
