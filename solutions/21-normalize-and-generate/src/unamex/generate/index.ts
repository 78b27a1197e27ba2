export { SeenNames } from "./dedup.ts";
export {
  CHUNK_CHARS,
  type GenerateOptions,
  type GenerateSummary,
  generateUsernames,
  LOCALE_SHARE,
  MAX_COUNT,
} from "./generator.ts";
export { type NamePool, namePools, seededFaker } from "./names.ts";
export {
  birthYear,
  FIRST_YEAR,
  LAST_YEAR,
  LEET,
  leetspeak,
  PATTERNS,
  type Parts,
  type Pattern,
  pickPattern,
} from "./patterns.ts";
export { BAR_WIDTH, type Progress, type ProgressStream, progressBar } from "./progress.ts";
export { ZIPF_EXPONENT, ZipfSampler } from "./zipf.ts";
