// What the checks of chapter 27 share: chapter 24's calls and expectations (an exception or a
// hang in your code becomes a failure naming the call) and the lesson's sections the hints point at.
export {
  call,
  expectEqual,
  expectRefusal,
  expectThat,
  run,
  show,
} from "../../24-sharded-storage/tests/expect.ts";

/** The lesson's sections the hints point at. */
export const READ = {
  soundex: "read the lesson's section Soundex",
  heuristics: "read the lesson's section Heuristic candidates",
  phonetic: "read the lesson's section Phonetic neighbours",
  trigrams: "read the lesson's section Trigram similarity",
  rank: "read the lesson's section One score",
  batches: "read the lesson's section Only free names, in batches",
} as const;
