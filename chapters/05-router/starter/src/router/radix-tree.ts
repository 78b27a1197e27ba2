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
    // TODO(05): walk from the root, creating the nodes that are missing, and return the last.
    // A run of static segments follows the static edges, splitting one where the new route
    // leaves it part-way (05.1); a parameter goes to intChild or strChild, a wildcard to
    // wildcard (05.2–05.4).
    throw new Error(`TODO(05): RadixTree.nodeFor is not implemented (${segments.length} segments)`);
  }

  /** Every stored value whose pattern matches `segments`, best first (static > param > wildcard). */
  *matches(segments: readonly string[]): Generator<TreeMatch<T>> {
    // TODO(05): search depth-first, in precedence order, yielding each node with a value where the path ends.
    // At each node try the static edge for the segment (its whole label must match), then
    // intChild, then strChild (push the converted value, recurse, pop), then a wildcard leaf
    // with the non-empty rest. convertParam (param-types.ts) converts a segment.
    throw new Error(`TODO(05): RadixTree.matches is not implemented (${segments.length} segments)`);
  }
}
