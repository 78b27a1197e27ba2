export { FNV_OFFSET_BASIS, FNV_PRIME, fnv1a64 } from "./fnv1a.ts";
export { DEFAULT_VNODES, HashRing, type HashRingOptions, MAX_VNODES, vnodeLabel } from "./hash-ring.ts";
export { JumpHash, jumpHash, MAX_BUCKETS } from "./jump-hash.ts";
export { keyHash, mix64 } from "./key-hash.ts";
export { type Movement, movement, type Spread, spread } from "./measure.ts";
export { ModN } from "./mod-n.ts";
export { Rendezvous, rendezvousWeight } from "./rendezvous.ts";
export { checkNodes, removeNode, type ShardPicker } from "./shard-picker.ts";
