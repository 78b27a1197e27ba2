export {
  type Candidate,
  type HeuristicKind,
  type HeuristicOptions,
  heuristicCandidates,
  LEETSPEAK,
  MAX_HEURISTIC_CANDIDATES,
  SYNONYMS,
} from "./heuristics.ts";
export {
  dice,
  jaccard,
  MAX_SIMILAR,
  MIN_SIMILARITY,
  type Similar,
  similarity,
  TrigramIndex,
  trigrams,
} from "./ngrams.ts";
export { byCodePoints } from "./order.ts";
export {
  MAX_PHONETIC_NEIGHBOURS,
  type Neighbour,
  type PhoneticCodes,
  PhoneticIndex,
  type PhoneticStrength,
  phoneticCodes,
} from "./phonetic-index.ts";
export {
  PHONETIC_BONUS_PER_STRENGTH,
  type Ranked,
  type RankInput,
  ROUNDING,
  rankCandidates,
  SOURCE_BONUS,
  SOURCES,
  type SuggestionSource,
} from "./rank.ts";
export { SOUNDEX_LENGTH, soundex } from "./soundex.ts";
export {
  type AvailabilityChecker,
  batchSize,
  DEFAULT_SUGGESTIONS,
  MAX_BATCHES,
  MAX_SUGGESTIONS,
  MIN_BATCH,
  Suggester,
  type SuggesterOptions,
  type SuggestOptions,
} from "./suggester.ts";
