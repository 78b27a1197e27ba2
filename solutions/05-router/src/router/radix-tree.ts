// The tree the router searches. Its alphabet is path segments, not characters: a parameter
// always fills one whole segment, so a segment is the smallest unit a route can talk about.
//
// A radix tree is a trie whose chains of single-child nodes are merged into one edge. Routes
// share their common prefix, and an edge splits where they part:
//
//   /api/v1/users                 root ──[api, v1, users]──► •
//   /api/v1/users/{id:int}                                   └──{int}──► •
//   /api/v2/status
//                                 root ──[api]──► • ──[v1, users]──► • ──{int}──► •
//                                                 └──[v2, status]──► •
//
// A node has three kinds of children, tried in this order (the router's precedence):
// static edges (one per first segment, found by a map lookup), parameter children (int, then
// str), and a wildcard tail. When a branch cannot reach the end of the path, the search backs
// up and tries the next kind. Each node sits at one fixed depth, so one search enters each
// node at most once: the work is bounded by the size of the tree, however the path is built.

import { convertParam, type ParamValue } from "./param-types.ts";
import type { PatternSegment } from "./pattern.ts";

export class RadixNode<T> {
  /** Static edges, keyed by the first segment of their label. */
  readonly edges = new Map<string, Edge<T>>();
  /** {name:int} children, tried before {name}: the narrower type gets the first chance. */
  intChild: RadixNode<T> | undefined;
  strChild: RadixNode<T> | undefined;
  /** {name:path}: takes every remaining segment, so it is always a leaf. */
  wildcard: RadixNode<T> | undefined;
  /** Set when a pattern ends here. */
  value: T | undefined;
}

interface Edge<T> {
  /** One or more static segments, walked as a unit. */
  label: readonly string[];
  node: RadixNode<T>;
}

export interface TreeMatch<T> {
  readonly value: T;
  /** The converted parameter values, left to right; a wildcard's value is the rest of the path. */
  readonly values: readonly ParamValue[];
}

export class RadixTree<T> {
  readonly root = new RadixNode<T>();

  /**
   * The node where `segments` ends, created if needed. Patterns that differ only in their
   * parameter names lead to the same node: they match exactly the same paths.
   */
  nodeFor(segments: readonly PatternSegment[]): RadixNode<T> {
    let node = this.root;
    let i = 0;
    while (i < segments.length) {
      const segment = segments[i]!;
      if (segment.kind === "static") {
        const run: string[] = [];
        for (; i < segments.length; i++) {
          const next = segments[i]!;
          if (next.kind !== "static") break;
          run.push(next.text);
        }
        node = insertStatic(node, run);
        continue;
      }
      if (segment.kind === "wildcard") node = node.wildcard ??= new RadixNode<T>();
      else if (segment.type === "int") node = node.intChild ??= new RadixNode<T>();
      else node = node.strChild ??= new RadixNode<T>();
      i++;
    }
    return node;
  }

  /** Every stored value whose pattern matches `segments`, best first (static > param > wildcard). */
  *matches(segments: readonly string[]): Generator<TreeMatch<T>> {
    yield* search(this.root, segments, 0, []);
  }
}

/** Follows (and if needed splits) static edges for `run`; returns the node at its end. */
function insertStatic<T>(from: RadixNode<T>, run: readonly string[]): RadixNode<T> {
  let node = from;
  let rest = run;
  while (rest.length > 0) {
    const edge = node.edges.get(rest[0]!);
    if (!edge) {
      const child = new RadixNode<T>();
      node.edges.set(rest[0]!, { label: rest, node: child });
      return child;
    }
    const shared = commonPrefixLength(edge.label, rest);
    if (shared < edge.label.length) {
      // The new route leaves this edge part-way: cut it in two at that point.
      //   node ──[a, b, c]──► child   becomes   node ──[a]──► middle ──[b, c]──► child
      const middle = new RadixNode<T>();
      const tail = edge.label.slice(shared);
      middle.edges.set(tail[0]!, { label: tail, node: edge.node });
      edge.label = edge.label.slice(0, shared);
      edge.node = middle;
    }
    node = edge.node;
    rest = rest.slice(shared);
  }
  return node;
}

function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Depth-first, in precedence order. `values` holds the parameters captured on the way down;
 * each branch pops what it pushed before the next one is tried (that is the backtracking).
 */
function* search<T>(
  node: RadixNode<T>,
  segments: readonly string[],
  index: number,
  values: ParamValue[],
): Generator<TreeMatch<T>> {
  if (index === segments.length) {
    if (node.value !== undefined) yield { value: node.value, values: [...values] };
    return;
  }
  const segment = segments[index]!;

  const edge = node.edges.get(segment);
  if (edge && labelMatches(edge.label, segments, index)) {
    yield* search(edge.node, segments, index + edge.label.length, values);
  }

  for (const [child, type] of [
    [node.intChild, "int"],
    [node.strChild, "str"],
  ] as const) {
    if (!child) continue;
    const value = convertParam(type, segment);
    if (value === undefined) continue;
    values.push(value);
    yield* search(child, segments, index + 1, values);
    values.pop();
  }

  const tail = node.wildcard?.value;
  if (tail !== undefined) {
    // The rest of the path, its decoded segments joined again; it must not be empty.
    const rest = segments.slice(index).join("/");
    if (rest !== "") yield { value: tail, values: [...values, rest] };
  }
}

/** The whole label lies on the path from `from`; its first segment was found by the map lookup. */
function labelMatches(label: readonly string[], segments: readonly string[], from: number): boolean {
  if (from + label.length > segments.length) return false;
  for (let i = 1; i < label.length; i++) if (label[i] !== segments[from + i]) return false;
  return true;
}
